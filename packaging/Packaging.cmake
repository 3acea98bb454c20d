# The Debian package (CPack DEB): `cpack -G DEB --config build/release/CPackConfig.cmake`, or
# tests/package/package_test.sh. Layout:
#   /usr/bin/weilai                      the binary (migrations are embedded)
#   /usr/share/weilai/web/               the built web app (web/dist, built before packaging)
#   /usr/share/weilai/data/              data/ (read-only; storage/data_dir.hpp)
#   /etc/weilai/weilai.conf              default configuration (a conffile)
#   /lib/systemd/system/weilai.service   hardened unit running as the weilai system user
#   /var/lib/weilai/                     data (created by postinst)
install(TARGETS weilai RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist/ DESTINATION share/weilai/web OPTIONAL)
# Read-only data (storage/data_dir.hpp finds it beside the binary): OSM extracts, indicators,
# planning defaults, the default org units (org/), with their SOURCES.md licence notes.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION share/weilai/data)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/weilai.conf DESTINATION /etc/weilai
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/weilai.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/docs/OPERATIONS.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION share/doc/weilai)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME weilai)
set(CPACK_PACKAGE_VENDOR "Weilai")
set(CPACK_PACKAGE_CONTACT "Weilai operators <ops@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Future Community (未来社区) programme platform for Lishui")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
# pg_dump/pg_restore for `weilai backup`/`restore` on PostgreSQL.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm
    ${PROJECT_SOURCE_DIR}/packaging/postrm ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
