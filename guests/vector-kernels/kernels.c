// The vector kernels, built with Debian's clang 14 (-march=rv64gcv): memcpy, strlen, saxpy and
// SHA-256's message-schedule mixing with the RVV intrinsics (clang 14 names them without the later
// __riscv_ prefix), and a loop clang auto-vectorises. main.c checks each against a scalar version.
#include <riscv_vector.h>
#include <stddef.h>
#include <stdint.h>

void* memcpy_v(void* dst, const void* src, size_t n) {
  uint8_t* d = dst;
  const uint8_t* s = src;
  for (size_t vl; n > 0; n -= vl, s += vl, d += vl) {
    vl = vsetvl_e8m8(n);
    vse8_v_u8m8(d, vle8_v_u8m8(s, vl), vl);
  }
  return dst;
}

// Fault-only-first loads: a load that runs past the string's page stops there instead of trapping.
size_t strlen_v(const char* str) {
  const uint8_t* s = (const uint8_t*)str;
  for (size_t i = 0;;) {
    size_t vl = vsetvlmax_e8m8();
    const vuint8m8_t bytes = vle8ff_v_u8m8(s + i, &vl, vl);
    const long zero = vfirst_m_b1(vmseq_vx_u8m8_b1(bytes, 0, vl), vl);
    if (zero >= 0) return i + (size_t)zero;
    i += vl;
  }
}

void saxpy_v(size_t n, float a, const float* x, float* y) {
  for (size_t vl; n > 0; n -= vl, x += vl, y += vl) {
    vl = vsetvl_e32m8(n);
    const vfloat32m8_t vx = vle32_v_f32m8(x, vl);
    const vfloat32m8_t vy = vle32_v_f32m8(y, vl);
    vse32_v_f32m8(y, vfmacc_vf_f32m8(vy, a, vx, vl), vl);
  }
}

// Left to the auto-vectoriser (-mllvm -riscv-v-vector-bits-min=128): y = a * x + y in double.
void daxpy_auto(int n, double a, const double* restrict x, double* restrict y) {
  for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}

// A float dot product with a vector reduction (vfredosum: in order, so it matches the scalar sum).
float dot_v(size_t n, const float* x, const float* y) {
  vfloat32m1_t acc = vfmv_s_f_f32m1(vundefined_f32m1(), 0.0f, 1);
  for (size_t vl; n > 0; n -= vl, x += vl, y += vl) {
    vl = vsetvl_e32m4(n);
    const vfloat32m4_t p = vfmul_vv_f32m4(vle32_v_f32m4(x, vl), vle32_v_f32m4(y, vl), vl);
    acc = vfredosum_vs_f32m4_f32m1(acc, p, acc, vl);
  }
  return vfmv_f_s_f32m1_f32(acc);
}

// SHA-256's small sigma0 over an array of words (FIPS 180-4, 4.1.2): rotr 7 ^ rotr 18 ^ shr 3, the
// rotations as shift pairs (V 1.0 has no vector rotate; Zvbb adds one).
void sigma0_v(size_t n, const uint32_t* w, uint32_t* out) {
  for (size_t vl; n > 0; n -= vl, w += vl, out += vl) {
    vl = vsetvl_e32m8(n);
    const vuint32m8_t x = vle32_v_u32m8(w, vl);
    const vuint32m8_t r7 = vor_vv_u32m8(vsrl_vx_u32m8(x, 7, vl), vsll_vx_u32m8(x, 25, vl), vl);
    const vuint32m8_t r18 = vor_vv_u32m8(vsrl_vx_u32m8(x, 18, vl), vsll_vx_u32m8(x, 14, vl), vl);
    vse32_v_u32m8(out, vxor_vv_u32m8(vxor_vv_u32m8(r7, r18, vl), vsrl_vx_u32m8(x, 3, vl), vl), vl);
  }
}
