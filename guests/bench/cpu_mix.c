// A CPU-bound guest for measuring the interpreter: integer arithmetic, loads and stores of every
// width, branches, calls and a little floating point, in proportions like compiled C code. It
// loops forever; the benchmark stops it after a fixed number of instructions.
#include <stdint.h>

#define N 512
static uint32_t data[N];
static uint8_t bytes[4 * N];
static double vec[64];

static uint32_t crc32(const uint8_t* p, int n) {
  uint32_t crc = ~0u;
  for (int i = 0; i < n; i++) {
    crc ^= p[i];
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
  }
  return ~crc;
}

static void insertion_sort(uint32_t* a, int n) {
  for (int i = 1; i < n; i++) {
    uint32_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static double dot(const double* a, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * a[(i * 7) % n];
  return s;
}

__attribute__((noinline)) static uint64_t round_of_work(uint64_t seed) {
  for (int i = 0; i < N; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    data[i] = (uint32_t)(seed >> 33);
  }
  insertion_sort(data, 64);
  for (int i = 0; i < 4 * N; i++) bytes[i] = (uint8_t)(data[i % N] >> (i % 24));
  uint64_t h = crc32(bytes, 256);
  for (int i = 0; i < 64; i++) vec[i] = (double)(data[i] & 0xFFFF) / 65536.0;
  h += (uint64_t)(dot(vec, 64) * 1000.0);
  return h ^ seed;
}

volatile uint64_t sink;

void main_loop(void) {
  uint64_t seed = 1;
  for (;;) {
    seed = round_of_work(seed);
    sink = seed;
  }
}
