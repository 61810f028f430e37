// The vectorised kernels guest: runs each clang-built vector kernel (kernels.c) and a scalar
// version on the same data, checks the results agree, and prints how many instructions each took
// (minstret). Built with -ffp-contract=off so the scalar sums are not fused where the vector
// ones are not. Bare metal (start.S) it writes to the UART; built for Linux (guests/linux/build.sh
// puts it in the guest as /bin/vector_kernels) it writes to stdout, reads the user-mode instret
// (which counts the kernel's interrupts too), and then times each kernel against its scalar
// version on the guest's clock, with the fewest instructions a call took (a call the kernel
// interrupted counts its handler too): `name time vector_ns N scalar_ns N min_insns V S`.
#include <stddef.h>
#include <stdint.h>
#ifdef __linux__
#include <stdio.h>
#include <time.h>
#endif

void* memcpy_v(void* dst, const void* src, size_t n);
size_t strlen_v(const char* s);
void saxpy_v(size_t n, float a, const float* x, float* y);
void daxpy_auto(int n, double a, const double* restrict x, double* restrict y);
float dot_v(size_t n, const float* x, const float* y);
void sigma0_v(size_t n, const uint32_t* w, uint32_t* out);

#ifdef __linux__
static void putc_(char c) { putchar(c); }
#else
static volatile uint8_t* const uart = (volatile uint8_t*)0x10000000ul;
static void putc_(char c) {
  while ((uart[5] & 0x20) == 0) {
  }
  uart[0] = (uint8_t)c;
}
#endif
static void puts_(const char* s) {
  while (*s) putc_(*s++);
}
static void dec(uint64_t v) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) putc_(buf[--n]);
}
static uint64_t instret(void) {
  uint64_t v;
#ifdef __linux__
  __asm__ volatile("rdinstret %0" : "=r"(v));
#else
  __asm__ volatile("csrr %0, minstret" : "=r"(v));
#endif
  return v;
}

static void* memcpy_s(void* dst, const void* src, size_t n) {
  uint8_t* d = dst;
  const uint8_t* s = src;
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}
static size_t strlen_s(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}
static void saxpy_s(size_t n, float a, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = __builtin_fmaf(a, x[i], y[i]);
}
static void daxpy_s(int n, double a, const double* x, double* y) {
  for (int i = 0; i < n; ++i) y[i] = __builtin_fma(a, x[i], y[i]);
}
static float dot_s(size_t n, const float* x, const float* y) {
  float s = 0.0f;
  for (size_t i = 0; i < n; ++i) s = s + x[i] * y[i];
  return s;
}

static void sigma0_s(size_t n, const uint32_t* w, uint32_t* out) {
  for (size_t i = 0; i < n; ++i) {
    const uint32_t x = w[i];
    out[i] = ((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3);
  }
}

#define N 4099  // not a multiple of any VLMAX: the last strip is short
static uint8_t src[N], dst_v[N], dst_s[N];
static char text[N + 1];
static float fx[N], fy_v[N], fy_s[N];
static double dx[N], dy_v[N], dy_s[N];
static uint32_t words[N], sig_v[N], sig_s[N];

static uint64_t seed = 0x9E3779B97F4A7C15ull;
static uint64_t next_random(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

static int failures;
static void report(const char* name, int ok, uint64_t vector, uint64_t scalar) {
  puts_(name);
  puts_(ok ? " ok" : " FAILED");
  puts_(" vector_insns ");
  dec(vector);
  puts_(" scalar_insns ");
  dec(scalar);
  putc_('\n');
  if (!ok) ++failures;
}

static int same_bytes(const void* a, const void* b, size_t n) {
  const uint8_t *x = a, *y = b;
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return 0;
  }
  return 1;
}

#ifdef __linux__
static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

// Each kernel and its scalar version, kReps times each on the same data: wall time on the guest's
// clock (microvm's mtime follows the host's), so the ratio is the emulator's speed on each.
static uint64_t run_min(uint64_t* fewest, uint64_t before) {
  const uint64_t took = instret() - before;
  if (took < *fewest) *fewest = took;
  return 0;
}
static void time_kernels(void) {
  enum { kReps = 200 };
  volatile size_t sink = 0;
  volatile float fsink = 0;
  uint64_t t[3], v_min, s_min, before;
#define TIME(name, vector_call, scalar_call)                                                              \
  v_min = s_min = ~0ull;                                                                                  \
  t[0] = now_ns();                                                                                        \
  for (int r = 0; r < kReps; ++r) before = instret(), vector_call, run_min(&v_min, before);               \
  t[1] = now_ns();                                                                                        \
  for (int r = 0; r < kReps; ++r) before = instret(), scalar_call, run_min(&s_min, before);               \
  t[2] = now_ns();                                                                                        \
  printf("%s time vector_ns %llu scalar_ns %llu min_insns %llu %llu\n", name,                             \
         (unsigned long long)(t[1] - t[0]), (unsigned long long)(t[2] - t[1]), (unsigned long long)v_min, \
         (unsigned long long)s_min)
  TIME("memcpy", memcpy_v(dst_v, src, N), memcpy_s(dst_s, src, N));
  TIME("strlen", sink += strlen_v(text), sink += strlen_s(text));
  TIME("saxpy", saxpy_v(N, 1.0f, fx, fy_v), saxpy_s(N, 1.0f, fx, fy_s));
  TIME("daxpy_auto", daxpy_auto(N, 1.0, dx, dy_v), daxpy_s(N, 1.0, dx, dy_s));
  TIME("dot", fsink += dot_v(N, fx, fy_s), fsink += dot_s(N, fx, fy_s));
  TIME("sigma0", sigma0_v(N, words, sig_v), sigma0_s(N, words, sig_s));
#undef TIME
}
#endif

int main(void) {
  for (size_t i = 0; i < N; ++i) {
    src[i] = (uint8_t)next_random();
    text[i] = (char)('a' + next_random() % 26);
    fx[i] = (float)(int64_t)(next_random() % 2001 - 1000) / 64.0f;
    fy_v[i] = fy_s[i] = (float)(int64_t)(next_random() % 2001 - 1000) / 16.0f;
    dx[i] = (double)(int64_t)(next_random() % 200001 - 100000) / 3.0;
    dy_v[i] = dy_s[i] = (double)(int64_t)(next_random() % 200001 - 100000) / 7.0;
    words[i] = (uint32_t)next_random();
  }
  text[N] = 0;
  text[N - 7] = 0;  // the string ends before the buffer does

  uint64_t t0 = instret();
  memcpy_v(dst_v, src, N);
  uint64_t t1 = instret();
  memcpy_s(dst_s, src, N);
  uint64_t t2 = instret();
  report("memcpy", same_bytes(dst_v, src, N) && same_bytes(dst_s, src, N), t1 - t0, t2 - t1);

  t0 = instret();
  const size_t len_v = strlen_v(text);
  t1 = instret();
  const size_t len_s = strlen_s(text);
  t2 = instret();
  report("strlen", len_v == N - 7 && len_s == N - 7, t1 - t0, t2 - t1);

  t0 = instret();
  saxpy_v(N, 1.5f, fx, fy_v);
  t1 = instret();
  saxpy_s(N, 1.5f, fx, fy_s);
  t2 = instret();
  report("saxpy", same_bytes(fy_v, fy_s, sizeof fy_v), t1 - t0, t2 - t1);

  t0 = instret();
  daxpy_auto(N, -0.3, dx, dy_v);
  t1 = instret();
  daxpy_s(N, -0.3, dx, dy_s);
  t2 = instret();
  report("daxpy_auto", same_bytes(dy_v, dy_s, sizeof dy_v), t1 - t0, t2 - t1);

  t0 = instret();
  const float d_v = dot_v(N, fx, fy_s);
  t1 = instret();
  const float d_s = dot_s(N, fx, fy_s);
  t2 = instret();
  report("dot", same_bytes(&d_v, &d_s, sizeof d_v) && d_v != 0.0f, t1 - t0, t2 - t1);

  t0 = instret();
  sigma0_v(N, words, sig_v);
  t1 = instret();
  sigma0_s(N, words, sig_s);
  t2 = instret();
  // One known value pins the scalar version to FIPS 180-4's sigma0 too (worked out apart from this code).
  const uint32_t probe = 0x12345678;
  uint32_t probe_out;
  sigma0_s(1, &probe, &probe_out);
  report("sigma0", same_bytes(sig_v, sig_s, sizeof sig_v) && probe_out == 0xe7fce6ee, t1 - t0, t2 - t1);

#ifdef __linux__
  time_kernels();
#endif
  puts_(failures ? "vector kernels: FAILED\n" : "vector kernels: all ok\n");
  return failures;
}
