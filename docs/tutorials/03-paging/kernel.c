#include <stdint.h>

#define UART0 0x10000000UL
#define SYSCON 0x100000UL
#define KERNEL_BASE 0x80000000UL
#define KERNEL_SIZE 0x200000UL  // map the first 2 MiB of RAM: the kernel and its data
#define SHARED_VA 0x40000000UL  // a virtual address with nothing behind it until we map a page there
#define UNMAPPED_VA 0x50000000UL
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_ECALL_S 9

// A page table entry (privileged spec, Sv39): the physical page number from bit 10, flags below.
#define PTE_V (1UL << 0)  // valid
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_A (1UL << 6)  // accessed: set here so the hardware need not
#define PTE_D (1UL << 7)  // dirty
#define SATP_SV39 (8UL << 60)

#define csr_read(name) ({ uint64_t v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64_t)(v)))

static void uart_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static void uart_puts(const char* s) {
  while (*s) uart_putc(*s++);
}

static void uart_puthex(uint64_t v) {
  uart_puts("0x");
  int shift = 60;
  while (shift > 0 && !((v >> shift) & 15)) shift -= 4;  // no leading zeros
  for (; shift >= 0; shift -= 4) uart_putc("0123456789abcdef"[(v >> shift) & 15]);
}

static void uart_putdec(uint64_t v) {
  char digits[20];
  int n = 0;
  do digits[n++] = '0' + v % 10; while (v /= 10);
  while (n) uart_putc(digits[--n]);
}

static void power_off(int failed) {
  *(volatile uint32_t*)SYSCON = failed ? 0x13333 : 0x5555;
  for (;;) asm volatile("wfi");
}

// ---- Page tables: each is one 4 KiB page of 512 entries ----
static uint64_t pages[8][512] __attribute__((aligned(4096)));
static int pages_used;
static char shared_page[4096] __attribute__((aligned(4096)));

static uint64_t* alloc_table(void) { return pages[pages_used++]; }

// Maps the 4 KiB page at virtual address va to physical address pa: walk from the root through
// VPN[2] and VPN[1], making the tables that are missing, and write the leaf at VPN[0].
static void map_page(uint64_t* root, uint64_t va, uint64_t pa, uint64_t flags) {
  uint64_t* table = root;
  for (int level = 2; level > 0; level--) {
    uint64_t* pte = &table[(va >> (12 + 9 * level)) & 511];
    if (!(*pte & PTE_V)) *pte = ((uint64_t)alloc_table() >> 12) << 10 | PTE_V;  // no R/W/X: a pointer
    table = (uint64_t*)((*pte >> 10) << 12);
  }
  table[(va >> 12) & 511] = (pa >> 12) << 10 | flags | PTE_V | PTE_A | PTE_D;
}

// ---- S-mode: runs with paging on ----
void s_mode_main(void) {
  uart_puts("[S] paging is on: satp mode ");
  uart_putdec(csr_read(satp) >> 60);
  uart_puts(" (Sv39)\n");
  char* shared = (char*)SHARED_VA;
  const char* message = "written through virtual address 0x40000000";
  int i = 0;
  do shared[i] = message[i];
  while (message[i++]);
  uart_puts("[S] reading from an unmapped address...\n");
  volatile char c = *(volatile char*)UNMAPPED_VA;
  (void)c;
  uart_puts("[S] not reached\n");
}

// ---- M-mode: sets things up, and takes every trap ----
void trap(void) {
  uint64_t cause = csr_read(mcause);
  if (cause == EXC_LOAD_PAGE_FAULT) {
    uart_puts("[M] load page fault: mcause = 13, mtval = ");
    uart_puthex(csr_read(mtval));
    uart_puts("\n[M] the physical page behind 0x40000000 says: ");
    uart_puts(shared_page);
    uart_puts("\n");
    power_off(0);
  }
  uart_puts("[M] unexpected trap, mcause = ");
  uart_puthex(cause);
  uart_puts("\n");
  power_off(1);
}

void kmain(void) {
  uart_puts("Step 3: Sv39 page tables\n");
  uint64_t* root = alloc_table();
  for (uint64_t off = 0; off < KERNEL_SIZE; off += 4096)  // the kernel: virtual = physical
    map_page(root, KERNEL_BASE + off, KERNEL_BASE + off, PTE_R | PTE_W | PTE_X);
  map_page(root, UART0, UART0, PTE_R | PTE_W);                          // the UART
  map_page(root, SHARED_VA, (uint64_t)shared_page, PTE_R | PTE_W);     // one page elsewhere
  uart_puts("[M] page tables: ");
  uart_putdec(pages_used);
  uart_puts(" pages for 514 mappings\n");

  // Paging applies below M-mode only: S-mode needs PMP permission to touch memory at all.
  csr_write(pmpaddr0, ~0UL >> 10);
  csr_write(pmpcfg0, 0x1F);  // one NAPOT region over everything: R, W, X
  csr_write(satp, SATP_SV39 | ((uint64_t)root >> 12));
  asm volatile("sfence.vma");
  // mret "returns" to S-mode at s_mode_main: MPP = 1 (S).
  csr_write(mstatus, (csr_read(mstatus) & ~(3UL << 11)) | (1UL << 11));
  csr_write(mepc, (uint64_t)s_mode_main);
  asm volatile("mret");
}
