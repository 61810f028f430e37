# What `cmake --install` puts where, and the Debian package CPack builds from it.
include(GNUInstallDirs)

# The man pages and completion scripts come from the option definitions (`microvm gen-doc`).
set(MICROVM_DOC_DIR ${CMAKE_BINARY_DIR}/generated)
add_custom_command(
  OUTPUT ${MICROVM_DOC_DIR}/microvm.1 ${MICROVM_DOC_DIR}/lampvm.1 ${MICROVM_DOC_DIR}/microvm.bash
         ${MICROVM_DOC_DIR}/_microvm
  COMMAND ${CMAKE_COMMAND} -E make_directory ${MICROVM_DOC_DIR}
  COMMAND $<TARGET_FILE:microvm> gen-doc man > ${MICROVM_DOC_DIR}/microvm.1
  COMMAND $<TARGET_FILE:microvm> gen-doc lampvm-man > ${MICROVM_DOC_DIR}/lampvm.1
  COMMAND $<TARGET_FILE:microvm> gen-doc bash > ${MICROVM_DOC_DIR}/microvm.bash
  COMMAND $<TARGET_FILE:microvm> gen-doc zsh > ${MICROVM_DOC_DIR}/_microvm
  DEPENDS microvm
  COMMENT "Generating the man pages and shell completions")
add_custom_target(microvm_docs ALL DEPENDS ${MICROVM_DOC_DIR}/microvm.1)

install(TARGETS microvm lampvm RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${CMAKE_BINARY_DIR}/microvm-init.sh DESTINATION ${CMAKE_INSTALL_BINDIR})
# The starter kits, found relative to the executable (../share/microvm/templates).
install(DIRECTORY templates/ DESTINATION ${CMAKE_INSTALL_DATADIR}/microvm/templates)
install(FILES ${MICROVM_DOC_DIR}/microvm.1 ${MICROVM_DOC_DIR}/lampvm.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${MICROVM_DOC_DIR}/microvm.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME microvm)
install(FILES ${MICROVM_DOC_DIR}/_microvm DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES README.md CHANGELOG.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The example kernels, as source (to build and change) and prebuilt.
install(DIRECTORY templates/c/ DESTINATION ${CMAKE_INSTALL_DATADIR}/microvm/examples/minimal-kernel)
install(FILES ${CMAKE_BINARY_DIR}/guests/examples/minimal-kernel/kernel.elf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/microvm/examples/minimal-kernel)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME microvm)
set(CPACK_PACKAGE_CONTACT "microvm developers <microvm@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Boots your own RISC-V kernel, or Linux, on a QEMU-virt-compatible RV64GC machine with one short\ncommand; also runs the LampVM Polaris machine.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION otherosfs)
# The runtime libraries only, found from the binaries (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gcc-riscv64-unknown-elf, picolibc-riscv64-unknown-elf, opensbi, gdb-multiarch")
set(CPACK_STRIP_FILES ON)
include(CPack)
