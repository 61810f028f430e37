# Page tables built at run time for the Sv39/Sv48/Sv57 guest tests. Include it after test.h
# with VM_MODE set to 8, 9 or 10 first, and put VM_ROUTINES after TEST_END.
#
# vm_init maps the test image twice with 1 GiB pages: at its own address for S-mode (RWX, not U)
# and at +4 GiB for U-mode (RWXU); the test then maps its own pages with vm_map and turns
# translation on with vm_enable (both from M-mode). Tables come from a zeroed pool in .bss.

#define PTE_V 0x1
#define PTE_R 0x2
#define PTE_W 0x4
#define PTE_X 0x8
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define PTE_AD (PTE_A | PTE_D)
#define PTE_RW (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define PTE_RWX (PTE_RW | PTE_X)

#define LEVEL_4K 0
#define LEVEL_2M 1
#define LEVEL_1G 2
#define LEVEL_512G 3
#define LEVEL_256T 4

#define U_ALIAS 0x100000000
#define TEST_VA 0x40000000
#define VM_POOL_PAGES 24

#if VM_MODE == 8
#define VA_BITS 39
#elif VM_MODE == 9
#define VA_BITS 48
#else
#define VA_BITS 57
#endif
# The lowest non-canonical address above the lower half, and the first of the upper half.
#define NONCANONICAL_VA (1 << (VA_BITS - 1))
#define UPPER_HALF_VA (-(1 << (VA_BITS - 1)))

# Continue in U-mode at the next instruction, through the U alias of the image.
#define GO_UMODE_VM               \
    li t0, MSTATUS_MPP;           \
    csrc mstatus, t0;             \
    la t0, 70f;                   \
    li t1, U_ALIAS;               \
    add t0, t0, t1;               \
    csrw mepc, t0;                \
    mret;                         \
70:

# vm_map maps one page: a0 = va, a1 = pa, a2 = PTE flags, a3 = level (0 = 4 KiB); it returns the
# address of the leaf PTE in a0 and clobbers a0..a4 and t0..t4. vm_walk returns in a0 the
# address of the PTE at level a3 on the way to va (the tables must exist); it clobbers t0..t4.
#define CALL_VM_MAP(va, pa, flags, level) \
    li a0, va; li a1, pa; li a2, flags; li a3, level; call vm_map

#define VM_ROUTINES                                                     \
    .text;                                                              \
vm_init:                                                                \
    mv a5, ra;                                                          \
    la t0, vm_next_table;                                               \
    la t1, vm_pool + 4096;                                              \
    sd t1, 0(t0);                                                       \
    li a0, 0x80000000;                                                  \
    li a1, 0x80000000;                                                  \
    li a2, PTE_RWX;                                                     \
    li a3, LEVEL_1G;                                                    \
    call vm_map;                                                        \
    li a0, 0x80000000 + U_ALIAS;                                        \
    li a1, 0x80000000;                                                  \
    li a2, PTE_RWX | PTE_U;                                             \
    li a3, LEVEL_1G;                                                    \
    call vm_map;                                                        \
    mv ra, a5;                                                          \
    ret;                                                                \
vm_map:                                                                 \
    mv a4, ra;                                                          \
    li t0, VM_MODE - 6;                                                 \
    la t1, vm_pool;                                                     \
3:  li t2, 9;                                                           \
    mul t2, t2, t0;                                                     \
    addi t2, t2, 12;                                                    \
    srl t3, a0, t2;                                                     \
    andi t3, t3, 0x1ff;                                                 \
    slli t3, t3, 3;                                                     \
    add t3, t3, t1;                                                     \
    beq t0, a3, 5f;                                                     \
    ld t4, 0(t3);                                                       \
    andi t2, t4, PTE_V;                                                 \
    bnez t2, 4f;                                                        \
    la t2, vm_next_table;                                               \
    ld t4, 0(t2);                                                       \
    li t1, 4096;                                                        \
    add t1, t4, t1;                                                     \
    sd t1, 0(t2);                                                       \
    srli t4, t4, 12;                                                    \
    slli t4, t4, 10;                                                    \
    ori t4, t4, PTE_V;                                                  \
    sd t4, 0(t3);                                                       \
4:  srli t4, t4, 10;                                                    \
    slli t1, t4, 12;                                                    \
    addi t0, t0, -1;                                                    \
    j 3b;                                                               \
5:  srli t4, a1, 12;                                                    \
    slli t4, t4, 10;                                                    \
    or t4, t4, a2;                                                      \
    sd t4, 0(t3);                                                       \
    mv a0, t3;                                                          \
    mv ra, a4;                                                          \
    ret;                                                                \
vm_walk:                                                                \
    li t0, VM_MODE - 6;                                                 \
    la t1, vm_pool;                                                     \
6:  li t2, 9;                                                           \
    mul t2, t2, t0;                                                     \
    addi t2, t2, 12;                                                    \
    srl t3, a0, t2;                                                     \
    andi t3, t3, 0x1ff;                                                 \
    slli t3, t3, 3;                                                     \
    add t3, t3, t1;                                                     \
    beq t0, a3, 7f;                                                     \
    ld t4, 0(t3);                                                       \
    srli t4, t4, 10;                                                    \
    slli t1, t4, 12;                                                    \
    addi t0, t0, -1;                                                    \
    j 6b;                                                               \
7:  mv a0, t3;                                                          \
    ret;                                                                \
vm_enable:                                                              \
    la t0, vm_pool;                                                     \
    srli t0, t0, 12;                                                    \
    li t1, VM_MODE;                                                     \
    slli t1, t1, 60;                                                    \
    or t0, t0, t1;                                                      \
    csrw satp, t0;                                                      \
    sfence.vma;                                                         \
    ret;                                                                \
    .bss;                                                               \
    .balign 4096;                                                       \
vm_pool: .space 4096 * VM_POOL_PAGES;                                   \
vm_next_table: .dword 0;                                                \
    .balign 4096;                                                       \
vm_pages: .space 4096 * 8

# Cases run in S or U mode with translation on; every case ends back in M-mode (through ecall
# when the access worked, through the trap otherwise).
#define S_OK(n, code...) li TESTNUM, n; GO_SMODE; code; GO_MMODE; CHECK(s9, CAUSE_SUPERVISOR_ECALL)
#define U_OK(n, code...) li TESTNUM, n; GO_UMODE_VM; code; GO_MMODE; CHECK(s9, CAUSE_USER_ECALL)
#define S_FAULT(n, cause, tval, code...) li TESTNUM, n; GO_SMODE; EXPECT_TRAP(code); CHECK(s9, cause); CHECK(s10, tval)
#define U_FAULT(n, cause, tval, code...) li TESTNUM, n; GO_UMODE_VM; EXPECT_TRAP(code); CHECK(s9, cause); CHECK(s10, tval)
