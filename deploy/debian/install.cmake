# deploy/debian/install.cmake -- `cmake --install` rules, one component per Debian package
# (docs/packages.md): deploy/package installs each component with --prefix /usr into a tree
# of its own and makes the .deb of it. Included by the top-level CMakeLists.txt.
include(GNUInstallDirs)
set(ZC_PKG_DIR ${CMAKE_SOURCE_DIR}/deploy/debian)

# zhucun-server: the program in sbin (an administrator's daemon, not a user's command), the
# migrations and demo files where it looks for them (../share/zhucun beside the program:
# common/pkgpaths.c), the units (/lib/systemd/system: Debian 12's systemd path; dpkg would
# not see a /usr/lib copy as the same file under usrmerge), the configuration where the units
# name it (/etc/zhucun whatever the prefix).
install(TARGETS zhucun-server RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR} COMPONENT server)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/sql/migrations/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zhucun/migrations COMPONENT server)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/sql/demo/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zhucun/demo COMPONENT server)
file(GLOB ZC_PKG_UNITS ${CMAKE_SOURCE_DIR}/deploy/zhucun-*.service
  ${CMAKE_SOURCE_DIR}/deploy/zhucun-*.timer)
install(FILES ${ZC_PKG_UNITS} DESTINATION /lib/systemd/system COMPONENT server)
# Only into the package (--component server): a plain `cmake --install` of a source build
# never overwrites a configured /etc/zhucun/server.conf.
install(FILES ${CMAKE_SOURCE_DIR}/deploy/server.conf.example
  DESTINATION /etc/zhucun RENAME server.conf COMPONENT server EXCLUDE_FROM_ALL)

# zhucun-client: the CLI, its English catalogue, the bash completion (it asks the CLI for its
# command table: `zhucun help --commands`), an example client.conf.
install(TARGETS zhucun RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT client)
install(FILES ${ZC_PKG_DIR}/zhucun.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME zhucun
  COMPONENT client)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/client.conf.example
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/zhucun-client/examples COMPONENT client)
if(MSGFMT)
  install(FILES ${CMAKE_BINARY_DIR}/locale/en/LC_MESSAGES/zhucun.mo
    DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/en/LC_MESSAGES COMPONENT client)
endif()

# zhucun-desk: the program, its launcher and icon, its zh_CN catalogue.
if(TARGET zhucun-desk)
  install(TARGETS zhucun-desk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT desk)
  install(FILES ${ZC_PKG_DIR}/cn.zhucun.Desk.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT desk)
  install(FILES ${ZC_PKG_DIR}/cn.zhucun.Desk.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT desk)
  if(MSGFMT)
    install(FILES ${CMAKE_BINARY_DIR}/locale/zh_CN/LC_MESSAGES/zhucun-desk.mo
      DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/zh_CN/LC_MESSAGES COMPONENT desk)
  endif()
endif()
