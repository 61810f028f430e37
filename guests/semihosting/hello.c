// A picolibc program built the way a new user builds one (--specs=picolibc.specs --oslib=semihost
// --crt0=semihost): everything it prints goes through semihosting, and main's return value is
// the exit status. tests/e2e/test_semihosting.py runs it on microvm and on QEMU -semihosting
// (with --semihosting-root / QEMU's working directory both an empty directory) and compares.
#include <semihost.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  printf("hello, semihosting: %d %s\n", 42, "via printf");
  puts("puts works");
  fprintf(stderr, "stderr works\n");
  sys_semihost_write0("SYS_WRITE0 works\n");
  sys_semihost_putc('C', stdout);
  sys_semihost_putc('\n', stdout);

  const int tt = sys_semihost_open(":tt", 4);  // mode "w": stdout
  const char text[] = "SYS_WRITE on :tt works\n";
  const uintptr_t left = sys_semihost_write(tt, text, strlen(text));
  printf("bytes not written: %lu\n", (unsigned long)left);
  printf("close %d\n", sys_semihost_close(tt));

  printf("features: exit-extended %d, stdout-stderr %d\n", sys_semihost_feature(SH_EXT_EXIT_EXTENDED),
         sys_semihost_feature(SH_EXT_STDOUT_STDERR));
  printf("time after 2020: %s\n", sys_semihost_time() > 1577836800 ? "yes" : "no");
  printf("tick frequency set: %s\n", sys_semihost_tickfreq() > 0 ? "yes" : "no");
  const uint64_t t0 = sys_semihost_elapsed();
  volatile unsigned spin = 0;
  for (unsigned i = 0; i < 2000000; i++) spin += i;
  printf("elapsed moves: %s, clock ok: %s\n", sys_semihost_elapsed() > t0 ? "yes" : "no",
         (intptr_t)sys_semihost_clock() >= 0 ? "yes" : "no");

  const int missing = sys_semihost_open("no-such-file", 0);
  printf("open of a missing file: %d, errno %d\n", missing, sys_semihost_errno());
  printf("iserror(-1) %d, iserror(0) %d\n", sys_semihost_iserror(-1) != 0, sys_semihost_iserror(0) != 0);

  // picolibc puts "program-name" first, then the words of SYS_GET_CMDLINE: the kernel's file
  // name as given on the command line, then --append's.
  printf("argc %d:", argc);
  for (int i = 0; i < argc; i++) {
    const char* name = strrchr(argv[i], '/');
    printf(" %s", name ? name + 1 : argv[i]);
  }
  printf("\n");
  return 7;
}
