# CPack: a .deb (Debian 12) and a .tar.gz with both binaries, their man pages, a desktop entry,
# SVG and PNG icons (hicolor) and AppStream metadata. `cpack -G DEB` in a build directory;
# scripts/test-package builds, installs, runs and purges it.

# Man pages: each program renders its own (--help-man) from the option objects its --help lists.
set(OPS_MAN_DIR ${CMAKE_BINARY_DIR}/man)
file(MAKE_DIRECTORY ${OPS_MAN_DIR})
set(OPS_MAN_PAGES)
foreach(program redis-ops redis-ops-console)
    add_custom_command(OUTPUT ${OPS_MAN_DIR}/${program}.1 ${OPS_MAN_DIR}/${program}.1.gz
        COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DOUT=${OPS_MAN_DIR}/${program}.1
                -P ${CMAKE_SOURCE_DIR}/installer/RenderManPage.cmake
        DEPENDS ${program} ${CMAKE_SOURCE_DIR}/installer/RenderManPage.cmake
        COMMENT "Man page of ${program}" VERBATIM)
    list(APPEND OPS_MAN_PAGES ${OPS_MAN_DIR}/${program}.1.gz)
endforeach()
add_custom_target(manpages ALL DEPENDS ${OPS_MAN_PAGES})
install(FILES ${OPS_MAN_PAGES} DESTINATION share/man/man1)

# PNG icons rendered from the SVG by a small Qt tool (nothing to download, no extra package).
set(OPS_ICON_SVG ${CMAKE_SOURCE_DIR}/resources/icons/redis-ops-console.svg)
set(OPS_ICON_SIZES 16 24 32 48 64 128 256)
set(OPS_ICON_DIR ${CMAKE_BINARY_DIR}/icons)
add_executable(render-icons installer/RenderIcons.cpp)
target_link_libraries(render-icons PRIVATE Qt6::Gui Qt6::Svg opsconsole_warnings)
set(OPS_ICON_PNGS)
foreach(size ${OPS_ICON_SIZES})
    list(APPEND OPS_ICON_PNGS ${OPS_ICON_DIR}/${size}x${size}.png)
endforeach()
add_custom_command(OUTPUT ${OPS_ICON_PNGS}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${OPS_ICON_DIR}
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0 $<TARGET_FILE:render-icons> ${OPS_ICON_SVG} ${OPS_ICON_DIR} ${OPS_ICON_SIZES}
    DEPENDS render-icons ${OPS_ICON_SVG} COMMENT "PNG icons" VERBATIM)
add_custom_target(icons ALL DEPENDS ${OPS_ICON_PNGS})
foreach(size ${OPS_ICON_SIZES})
    install(FILES ${OPS_ICON_DIR}/${size}x${size}.png DESTINATION share/icons/hicolor/${size}x${size}/apps
            RENAME redis-ops-console.png)
endforeach()

install(FILES ${CMAKE_SOURCE_DIR}/installer/redis-ops-console.desktop DESTINATION share/applications)
install(FILES ${OPS_ICON_SVG} DESTINATION share/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_SOURCE_DIR}/installer/io.github.redis_ops.console.metainfo.xml DESTINATION share/metainfo)

# cpack (and `ninja install`) install what is built without building `all` first: packaging from
# the ci build directory (scripts/test-package) must not build every test. The `package` target
# still depends on `all` (CMAKE_SKIP_PACKAGE_ALL_DEPENDENCY stays off).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(CPACK_PACKAGE_NAME "redis-ops-console")
set(CPACK_PACKAGE_VENDOR "Redis Ops Console developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION "Desktop console (redis-ops-console) and command-line companion (redis-ops) for
 Redis Sentinel and Redis Cluster: live topology, slot map, replication lag,
 health rules and failover history, with guided failovers and resharding.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "Redis Ops Console developers <dev@redis-ops.invalid>")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
# Libraries the binaries link come from dpkg-shlibdeps. Plugins are loaded at run time, so
# shlibdeps cannot see them: the SQLite driver (history), the SVG icon engine, and the platform
# plugins — on Debian 12 the xcb (and offscreen) platform plugins and their xcb libraries ship in
# libqt6gui6 itself, which qt6-qpa-plugins only Recommends.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(OPSCONSOLE_SHARED_LIBS)
    # Our own libraries (lib/redis-ops-console) come with the package: dpkg-shlibdeps finds them
    # where they were built and asks no package for them.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_BINARY_DIR}/backend ${CMAKE_BINARY_DIR}/widgets
        ${CMAKE_BINARY_DIR}/app/common ${CMAKE_BINARY_DIR}/app/gui)
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, libqt6gui6")
# The lab (redis-ops lab up, --lab) runs redis-server / redis-sentinel and makes TLS
# certificates with openssl; redis-cli is handy next to the console.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "redis-tools, redis-server, redis-sentinel, openssl")
# Saved profiles keep their passwords in a Secret Service keychain when one runs (QtKeychain loads
# libsecret at run time, so shlibdeps does not see it); without one they are asked for each time.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libsecret-1-0, gnome-keyring | kwalletmanager")
include(CPack)
