# AMOMAX.W and AMOMAX.D: atomic signed maximum; rd gets the old value (sign-extended for .W), memory the
# result; .W touches only its word; aq/rl forms; rd = x0; rd = rs2.
#include "test.h"
.option norvc
TEST_BEGIN
  li TESTNUM, 2; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x0000000000000001; sw t0, 0(a0); li a2, 0x0000000000000002; amomax.w a4, a2, (a0); CHECK(a4, 0x0000000000000001); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a00000002)
  li TESTNUM, 3; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0xffffffffffffffff; sw t0, 0(a0); li a2, 0x0000000000000001; amomax.w a4, a2, (a0); CHECK(a4, 0xffffffffffffffff); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a00000001)
  li TESTNUM, 4; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x7fffffffffffffff; sw t0, 0(a0); li a2, 0x8000000000000000; amomax.w a4, a2, (a0); CHECK(a4, 0xffffffffffffffff); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a00000000)
  li TESTNUM, 5; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x8000000000000000; sw t0, 0(a0); li a2, 0x7fffffffffffffff; amomax.w a4, a2, (a0); CHECK(a4, 0x0000000000000000); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a00000000)
  li TESTNUM, 6; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x00000000ffffffff; sw t0, 0(a0); li a2, 0x0000000000000001; amomax.w a4, a2, (a0); CHECK(a4, 0xffffffffffffffff); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a00000001)
  li TESTNUM, 7; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x0000000080000000; sw t0, 0(a0); li a2, 0x000000007fffffff; amomax.w a4, a2, (a0); CHECK(a4, 0xffffffff80000000); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a7fffffff)
  li TESTNUM, 8; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x123456789abcdef0; sw t0, 0(a0); li a2, 0x0fedcba987654321; amomax.w a4, a2, (a0); CHECK(a4, 0xffffffff9abcdef0); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a9abcdef0)
  li TESTNUM, 9; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0xaaaaaaaa55555555; sw t0, 0(a0); li a2, 0x55555555aaaaaaaa; amomax.w a4, a2, (a0); CHECK(a4, 0x0000000055555555); ld a5, 0(a0); CHECK(a5, 0x5a5a5a5a55555555)
  li TESTNUM, 10; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x0000000080000001; sw t0, 4(a0); addi a1, a0, 4; li a2, 0x0000000000000003; amomax.w.aqrl a4, a2, (a1); CHECK(a4, 0xffffffff80000001); ld a5, 0(a0); CHECK(a5, 0x000000035a5a5a5a)
  li TESTNUM, 11; la a0, amo_data; li t0, 0x0000000000000000; sd t0, 0(a0); li t0, 0x0000000000000010; sw t0, 0(a0); li a2, 0x0000000000000003; amomax.w.aq x0, a2, (a0); lw a5, 0(a0); CHECK(a5, 0x0000000000000010)
  li TESTNUM, 12; la a0, amo_data; li t0, 0x0000000000000000; sd t0, 0(a0); li t0, 0x0000000000000010; sw t0, 0(a0); li a2, 0x0000000000000003; amomax.w.rl a2, a2, (a0); CHECK(a2, 0x0000000000000010); lw a5, 0(a0); CHECK(a5, 0x0000000000000010)
  li TESTNUM, 13; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x0000000000000001; sd t0, 0(a0); li a2, 0x0000000000000002; amomax.d a4, a2, (a0); CHECK(a4, 0x0000000000000001); ld a5, 0(a0); CHECK(a5, 0x0000000000000002)
  li TESTNUM, 14; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0xffffffffffffffff; sd t0, 0(a0); li a2, 0x0000000000000001; amomax.d a4, a2, (a0); CHECK(a4, 0xffffffffffffffff); ld a5, 0(a0); CHECK(a5, 0x0000000000000001)
  li TESTNUM, 15; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x7fffffffffffffff; sd t0, 0(a0); li a2, 0x8000000000000000; amomax.d a4, a2, (a0); CHECK(a4, 0x7fffffffffffffff); ld a5, 0(a0); CHECK(a5, 0x7fffffffffffffff)
  li TESTNUM, 16; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x8000000000000000; sd t0, 0(a0); li a2, 0x7fffffffffffffff; amomax.d a4, a2, (a0); CHECK(a4, 0x8000000000000000); ld a5, 0(a0); CHECK(a5, 0x7fffffffffffffff)
  li TESTNUM, 17; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x00000000ffffffff; sd t0, 0(a0); li a2, 0x0000000000000001; amomax.d a4, a2, (a0); CHECK(a4, 0x00000000ffffffff); ld a5, 0(a0); CHECK(a5, 0x00000000ffffffff)
  li TESTNUM, 18; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x0000000080000000; sd t0, 0(a0); li a2, 0x000000007fffffff; amomax.d a4, a2, (a0); CHECK(a4, 0x0000000080000000); ld a5, 0(a0); CHECK(a5, 0x0000000080000000)
  li TESTNUM, 19; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0x123456789abcdef0; sd t0, 0(a0); li a2, 0x0fedcba987654321; amomax.d a4, a2, (a0); CHECK(a4, 0x123456789abcdef0); ld a5, 0(a0); CHECK(a5, 0x123456789abcdef0)
  li TESTNUM, 20; la a0, amo_data; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(a0); li t0, 0xaaaaaaaa55555555; sd t0, 0(a0); li a2, 0x55555555aaaaaaaa; amomax.d a4, a2, (a0); CHECK(a4, 0xaaaaaaaa55555555); ld a5, 0(a0); CHECK(a5, 0x55555555aaaaaaaa)
  li TESTNUM, 21; la a0, amo_data; li t0, 0x0000000000000000; sd t0, 0(a0); li t0, 0x0000000000000010; sd t0, 0(a0); li a2, 0x0000000000000003; amomax.d.aq x0, a2, (a0); ld a5, 0(a0); CHECK(a5, 0x0000000000000010)
  li TESTNUM, 22; la a0, amo_data; li t0, 0x0000000000000000; sd t0, 0(a0); li t0, 0x0000000000000010; sd t0, 0(a0); li a2, 0x0000000000000003; amomax.d.rl a2, a2, (a0); CHECK(a2, 0x0000000000000010); ld a5, 0(a0); CHECK(a5, 0x0000000000000010)
TEST_END

.data
.balign 16
amo_data: .dword 0, 0
