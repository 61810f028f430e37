// The little runtime of the comparison kernels: UART output, a printf subset, the test device,
// CSR access and the trap frame. Everything prints through the NS16550A at 0x10000000.
#pragma once

#include <stdarg.h>
#include <stdint.h>

#define UART_BASE 0x10000000ul
#define TEST_DEVICE 0x100000ul
#define CLINT_MSIP 0x2000000ul
#define CLINT_MTIMECMP 0x2004000ul
#define CLINT_MTIME 0x200bff8ul
#define PLIC_BASE 0xc000000ul

#define csr_read(name)                                 \
  ({                                                   \
    uint64_t v_;                                       \
    __asm__ volatile("csrr %0, " #name : "=r"(v_)::"memory"); \
    v_;                                                \
  })
#define csr_write(name, value) __asm__ volatile("csrw " #name ", %0" ::"r"((uint64_t)(value)) : "memory")
#define csr_set(name, value) __asm__ volatile("csrs " #name ", %0" ::"r"((uint64_t)(value)) : "memory")
#define csr_clear(name, value) __asm__ volatile("csrc " #name ", %0" ::"r"((uint64_t)(value)) : "memory")

// Registers saved by trap_vector (start.S): x[n-1] holds xn; epc is mepc.
struct frame {
  uint64_t x[31];
  uint64_t epc;
};

static inline volatile uint32_t* mmio32(uint64_t address) { return (volatile uint32_t*)address; }
static inline volatile uint64_t* mmio64(uint64_t address) { return (volatile uint64_t*)address; }
static inline volatile uint8_t* mmio8(uint64_t address) { return (volatile uint8_t*)address; }

void putc(char c);
void puts(const char* s);
void printf(const char* format, ...);
void power_off(void) __attribute__((noreturn));

// The length of the instruction at `pc` (2 or 4), for handlers that skip it.
int insn_length(uint64_t pc);

// Each kernel defines these.
int main(void);
void trap(struct frame* f);
