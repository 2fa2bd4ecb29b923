# Precompiled headers (OPSCONSOLE_PCH, on by default): Qt's headers are most of the compile time of
# a file here (a test that includes <QtTest> parses all of QtCore), and a clean build on the 2-core
# CI machine is most of its budget. Each library precompiles its own header; the tests share one
# donor per directory and Qt module set (see TestPch.h for why not one for all).
option(OPSCONSOLE_PCH "Precompile Qt's headers (faster clean builds)" ON)
set(OPS_PCH_DIR ${CMAKE_CURRENT_LIST_DIR}/pch)

# ops_precompile(target CorePch.h|BackendPch.h|WidgetsPch.h)
function(ops_precompile target header)
    if(OPSCONSOLE_PCH)
        target_precompile_headers(${target} PRIVATE ${OPS_PCH_DIR}/${header})
    endif()
endfunction()

# ops_test_precompile(test gui): the test reuses the donor of its directory for its Qt module set,
# creating the donor the first time. A donor links what the test links, so the macros QtTest reads
# are the same and GCC accepts the precompiled header (-Winvalid-pch turns a mismatch into an error).
function(ops_test_precompile test gui)
    if(NOT OPSCONSOLE_PCH)
        return()
    endif()
    get_filename_component(dir ${CMAKE_CURRENT_SOURCE_DIR} NAME)
    if(gui)
        set(donor opsconsole_pch_${dir}_gui)
        set(header TestGuiPch.h)
    else()
        set(donor opsconsole_pch_${dir})
        set(header TestPch.h)
    endif()
    if(NOT TARGET ${donor})
        add_library(${donor} STATIC ${OPS_PCH_DIR}/Donor.cpp)
        target_link_libraries(${donor} PRIVATE Qt6::Test opsconsole_testsupport opsconsole_warnings)
        if(gui)
            target_link_libraries(${donor} PRIVATE opsconsole_widgets)
        endif()
        target_precompile_headers(${donor} PRIVATE ${OPS_PCH_DIR}/${header})
        set_target_properties(${donor} PROPERTIES AUTOMOC OFF)
    endif()
    target_precompile_headers(${test} REUSE_FROM ${donor})
    target_compile_options(${test} PRIVATE -Winvalid-pch)
endfunction()
