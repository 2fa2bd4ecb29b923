# cmake -DPROGRAM=<binary> -DOUT=<dir/name.1> -P RenderManPage.cmake
# Writes the program's man page (its hidden --help-man option renders the same option objects its
# --help lists) and a gzip -n copy (no timestamp: reproducible) for installation.
# No leak report at exit in sanitizer builds (the asan preset): Qt's and fontconfig's caches
# would fail the build, and the page does not depend on them.
execute_process(COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0 ${PROGRAM} --help-man
                OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --help-man failed: ${rc}")
endif()
execute_process(COMMAND gzip -9nc ${OUT} OUTPUT_FILE ${OUT}.gz RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${OUT} failed: ${rc}")
endif()
