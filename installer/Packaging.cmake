# CPack: a .deb (Debian 12 dependencies) and a .tar.gz with both binaries, a desktop entry,
# an icon and AppStream metadata. `cmake --build --preset release --target package`.
install(FILES ${CMAKE_SOURCE_DIR}/installer/redis-ops-console.desktop DESTINATION share/applications)
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/redis-ops-console.svg
        DESTINATION share/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_SOURCE_DIR}/installer/io.github.redis_ops.console.metainfo.xml DESTINATION share/metainfo)

set(CPACK_PACKAGE_NAME "redis-ops-console")
set(CPACK_PACKAGE_VENDOR "Redis Ops Console developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "Redis Ops Console developers <dev@redis-ops.invalid>")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "redis-server, redis-sentinel, openssl")
include(CPack)
