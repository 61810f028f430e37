// A small Sv39 system: M-mode delegates to an S-mode kernel that builds page tables, runs a
// U-mode program at its own virtual addresses, maps its data pages on demand from page
// faults, serves its system calls (reading its memory with SUM) and stops it when it touches
// kernel memory. Every line printed is fixed by the privileged spec.
#include "lib.h"

#define PTE_V 0x1ul
#define PTE_R 0x2ul
#define PTE_W 0x4ul
#define PTE_X 0x8ul
#define PTE_U 0x10ul
#define PTE_A 0x40ul
#define PTE_D 0x80ul
#define SSTATUS_SUM (1ul << 18)

#define USER_CODE 0x40400000ul
#define USER_STACK 0x407ff000ul
#define USER_DATA 0x40800000ul
#define USER_DATA_END 0x40810000ul

static uint64_t tables[8][512] __attribute__((aligned(4096)));
static uint8_t user_stack_page[4096] __attribute__((aligned(4096)));
static uint8_t pool[8][4096] __attribute__((aligned(4096)));
static unsigned tables_used = 1, pool_used;
static uint64_t kernel_stack[512];
extern char __user_start[];

static uint64_t pte(uint64_t pa, uint64_t flags) { return ((pa >> 12) << 10) | flags | PTE_V | PTE_A; }

// Maps one 4 KiB page at va (tables for the upper levels come from `tables`).
static void map_page(uint64_t va, uint64_t pa, uint64_t flags) {
  uint64_t* table = tables[0];
  for (int level = 2; level > 0; --level) {
    uint64_t* slot = &table[(va >> (12 + 9 * level)) & 0x1ff];
    if (!(*slot & PTE_V)) *slot = pte((uint64_t)tables[tables_used++], 0) & ~PTE_A;
    table = (uint64_t*)((*slot >> 10) << 12);
  }
  table[(va >> 12) & 0x1ff] = pte(pa, flags);
}

// ---- the user program: only code in .user, no data outside its own pages ----

#define USER __attribute__((section(".user"), noinline))

USER static uint64_t syscall(uint64_t number, uint64_t arg) {
  register uint64_t a0 __asm__("a0") = arg;
  register uint64_t a7 __asm__("a7") = number;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

USER void user_main(void) {
  volatile uint64_t* data = (volatile uint64_t*)USER_DATA;
  // Three data pages, each first touched by a store (then a load of the next one).
  for (uint64_t i = 0; i < 3 * 512; i += 256) data[i] = i * i + 7;
  uint64_t sum = 0;
  for (uint64_t i = 0; i < 3 * 512; i += 256) sum += data[i];
  syscall(1, sum);
  syscall(1, data[3 * 512]);  // a load that maps a fourth page: it reads zero
  char text[8];
  text[0] = 'h';
  text[1] = 'e';
  text[2] = 'l';
  text[3] = 'l';
  text[4] = 'o';
  text[5] = 0;
  syscall(2, (uint64_t)text);
  syscall(1, syscall(3, 0));  // what the kernel says our page count is
  syscall(1, *(volatile uint64_t*)0x80000000ul);  // kernel memory: the process is stopped
  syscall(4, 0);
}

// ---- the S-mode kernel ----

void s_trap(struct frame* f);
extern char s_trap_vector[];

static void s_main(void) {
  puts("[kernel] S-mode, building Sv39 tables\n");
  tables[0][0] = pte(0, PTE_R | PTE_W | PTE_D);                      // devices, 1 GiB
  tables[0][2] = pte(0x80000000ul, PTE_R | PTE_W | PTE_X | PTE_D);   // RAM, 1 GiB
  map_page(USER_CODE, (uint64_t)__user_start, PTE_R | PTE_X | PTE_U);
  map_page(USER_STACK, (uint64_t)user_stack_page, PTE_R | PTE_W | PTE_U | PTE_D);
  csr_write(stvec, s_trap_vector);
  csr_write(sscratch, &kernel_stack[512]);
  csr_write(satp, (8ul << 60) | ((uint64_t)tables[0] >> 12));
  __asm__ volatile("sfence.vma" ::: "memory");
  printf("[kernel] satp mode %u, %u tables\n", csr_read(satp) >> 60, (uint64_t)tables_used);
  const uint64_t entry = USER_CODE + ((uint64_t)user_main - (uint64_t)__user_start);
  printf("[kernel] entering user mode at %x\n", entry);
  csr_clear(sstatus, 1ul << 8);  // SPP = U
  csr_write(sepc, entry);
  __asm__ volatile("mv sp, %0\n sret" ::"r"(USER_STACK + 4096));
}

static void stop_user(const char* why, struct frame* f) {
  printf("[kernel] stopping the process: %s (scause %u, stval %x, sepc %x)\n", why, csr_read(scause),
         csr_read(stval), f->epc);
  printf("[kernel] %u data pages were mapped\n", (uint64_t)pool_used);
  power_off();
}

void s_trap(struct frame* f) {
  const uint64_t cause = csr_read(scause), tval = csr_read(stval);
  if (cause == 8) {
    const uint64_t number = f->x[16], arg = f->x[9];
    f->epc += 4;
    if (number == 1) {
      printf("[user] %u\n", arg);
    } else if (number == 2) {
      csr_set(sstatus, SSTATUS_SUM);  // S may read U pages only with SUM
      printf("[user] says \"%s\"\n", (const char*)arg);
      csr_clear(sstatus, SSTATUS_SUM);
    } else if (number == 3) {
      f->x[9] = pool_used;
    } else {
      stop_user("exit", f);
    }
    return;
  }
  if ((cause == 13 || cause == 15) && tval >= USER_DATA && tval < USER_DATA_END && pool_used < 8) {
    const uint64_t page = tval & ~0xffful;
    printf("[kernel] %s page fault at %x: mapping page %u\n", cause == 13 ? "load" : "store", tval,
           (uint64_t)pool_used);
    map_page(page, (uint64_t)pool[pool_used++], PTE_R | PTE_W | PTE_U | PTE_D);
    __asm__ volatile("sfence.vma %0" ::"r"(page) : "memory");
    return;  // run the access again
  }
  stop_user(cause == 13 ? "load page fault" : "fault", f);
}

void trap(struct frame* f) {
  printf("unexpected M-mode trap: mcause %x mtval %x mepc %x\n", csr_read(mcause), csr_read(mtval), f->epc);
  power_off();
}

int main(void) {
  puts("vm: an Sv39 kernel and a user program\n");
  csr_write(pmpaddr0, -1);
  csr_write(pmpcfg0, 0x1f);
  csr_write(medeleg, (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15));
  csr_clear(mstatus, 0x1800);
  csr_set(mstatus, 0x0800);  // MPP = S
  csr_write(mepc, s_main);
  __asm__ volatile("mret");
  return 0;
}

// S-mode trap entry: traps come from U only; sscratch holds the kernel stack.
__asm__(
    ".text\n .balign 4\n"
    "s_trap_vector:\n"
    "  csrrw sp, sscratch, sp\n"
    "  addi sp, sp, -256\n"
    "  .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31\n"
    "  sd x\\n, 8*(\\n-1)(sp)\n"
    "  .endr\n"
    "  csrr t0, sepc\n"
    "  sd t0, 248(sp)\n"
    "  mv a0, sp\n"
    "  call s_trap\n"
    "  ld t0, 248(sp)\n"
    "  csrw sepc, t0\n"
    "  .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31\n"
    "  ld x\\n, 8*(\\n-1)(sp)\n"
    "  .endr\n"
    "  addi sp, sp, 256\n"
    "  csrrw sp, sscratch, sp\n"
    "  sret\n");
