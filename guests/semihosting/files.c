// Semihosting file calls below --semihosting-root, and what a guest must not reach: absolute
// paths, `..`, symlinks out of the root, host commands. tests/e2e/test_semihosting.py sets up the
// directory (data.txt, sub/inner.txt, escape -> ../outside.txt) and checks what the guest wrote.
#include <semihost.h>
#include <stdio.h>
#include <string.h>

uintptr_t sys_semihost(uintptr_t op, uintptr_t param);  // picolibc's, not in its header

static void show(const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) {
    printf("%s: refused, errno %d\n", path, sys_semihost_errno());
    return;
  }
  char line[80] = "";
  if (!fgets(line, sizeof line, f)) strcpy(line, "(empty)\n");
  printf("%s: %s", path, line);
  fclose(f);
}

int main(void) {
  show("data.txt");
  show("sub/inner.txt");
  show("../outside.txt");
  show("/etc/hostname");
  show("escape");
  show("sub/../data.txt");

  FILE* out = fopen("out.txt", "w");
  if (!out) return 10;
  fputs("written by the guest\n", out);
  fclose(out);

  const int fd = sys_semihost_open("data.txt", 0);
  printf("flen %ld, seek %d\n", (long)sys_semihost_flen(fd), sys_semihost_seek(fd, 5));
  char rest[16] = "";
  const uintptr_t left = sys_semihost_read(fd, rest, 6);
  printf("after seek: \"%s\", %lu not read\n", rest, (unsigned long)left);
  sys_semihost_close(fd);

  fclose(fopen("gone.txt", "w"));
  printf("rename %d, remove %d, remove again %d\n", sys_semihost_rename("gone.txt", "moved.txt"),
         sys_semihost_remove("moved.txt"), sys_semihost_remove("moved.txt") != 0);
  printf("rename out of the root: %d\n", sys_semihost_rename("data.txt", "../stolen.txt") != 0);
  printf("system: %d\n", sys_semihost_system("touch pwned") != 0);

  // SYS_HEAPINFO's parameter is the address of a pointer to the block (Arm semihosting 6.20),
  // which QEMU and microvm follow; picolibc's sys_semihost_heapinfo() passes the block itself,
  // so call it directly.
  struct sys_semihost_block block = {0};
  void* pointer = &block;
  sys_semihost(0x16, (uintptr_t)&pointer);
  printf("heap below stack: %s\n",
         block.heap_base && block.heap_base < block.heap_limit && block.heap_limit <= block.stack_base ? "yes" : "no");
  return 3;
}
