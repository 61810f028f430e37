// A standalone prototype of three ways to run the lamp benchmark loop's body (ADD, XORI, SHLI, SUB,
// SUBI, JNZ: bench/lamp/cpu_loop.asm), to measure what a run-loop design could gain before building
// it into src/lamp (docs/performance-notes.md, "lamp: the CPU-bound Polaris loop"). Not part of the
// build:
//
//   g++ -std=c++20 -O2 -o dispatch_prototype bench/lamp/dispatch_prototype.cpp
//   ./dispatch_prototype a|b|c ITERATIONS      (FUSE=1: SUBI+JNZ fused in b/c; INDEP=1: no register chain)
//
// a: computed goto, fetch + decode per instruction from RAM (like src/lamp/core_loop.cpp)
// b: pre-decoded slots chained by tail calls, ip implied by the slot, no check against RAM (so a
//    real version needs exact invalidation on every write to a decoded page)
// c: b + each slot's raw bytes compared with RAM before it runs (nothing to invalidate)
// Only what the loop needs is here: one page of slots, six handlers, no faults or devices.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

struct Core {
  uint32_t r[32] = {};
  uint32_t pending = 0, word = 0;
  std::atomic<uint32_t> attention{0};
  uint8_t* host = nullptr;
  uint32_t fetch_lo = 0, fetch_span = 0;
  uint64_t count_out = 0;
  uint32_t ip_out = 0;
};

enum : uint8_t { ADD = 1, HALT = 5, SUB = 2, JNZ = 0x24, SUBI = 0x39, XORI = 0x3C, SHLI = 0x3D };

static void put(std::vector<uint8_t>& m, uint32_t at, uint8_t op, uint8_t rd, uint8_t rs1, uint8_t rs2,
                uint32_t imm) {
  std::memcpy(&m[at], &imm, 4);
  m[at + 4] = rs2;
  m[at + 5] = rs1;
  m[at + 6] = rd;
  m[at + 7] = op;
}

// ---------------- A ----------------
[[gnu::noinline]] uint64_t run_a(Core& c, uint32_t ip) {
  static void* tbl[256];
  for (auto& e : tbl) e = &&L_HALT;
  tbl[ADD] = &&L_ADD;
  tbl[SUB] = &&L_SUB;
  tbl[XORI] = &&L_XORI;
  tbl[SHLI] = &&L_SHLI;
  tbl[SUBI] = &&L_SUBI;
  tbl[JNZ] = &&L_JNZ;
  uint8_t* const host = c.host;
  std::atomic<uint32_t>* const att = &c.attention;
  uint32_t fetch_end = c.fetch_lo + c.fetch_span;
  uint64_t count = 0;
  uint32_t pending = 0, operand = 0, result = 1;
  const uint8_t* insn;
  size_t op;
#define FETCH()     \
  insn = host + ip; \
  op = insn[7];     \
  ip += 8;          \
  ++count;          \
  goto* tbl[op];
#define NEXT()                      \
  if (ip >= fetch_end) goto L_HALT; \
  FETCH()
#define RD (insn[6] & 31)
#define RS1 (insn[5] & 31)
#define RS2 (insn[4] & 31)
  uint32_t imm;
  FETCH();
L_ADD : {
  uint32_t a = c.r[RS1], v = a + c.r[RS2];
  c.r[RD] = v;
  pending = 3, operand = a, result = v;
  NEXT();
}
L_SUB : {
  uint32_t a = c.r[RS1], v = a - c.r[RS2];
  c.r[RD] = v;
  pending = 4, operand = a, result = v;
  NEXT();
}
L_XORI : {
  std::memcpy(&imm, insn, 4);
  uint32_t v = c.r[RS1] ^ imm;
  c.r[RD] = v;
  pending = 1, result = v;
  NEXT();
}
L_SHLI : {
  std::memcpy(&imm, insn, 4);
  uint32_t v = c.r[RS1] << (imm & 31);
  c.r[RD] = v;
  pending = 1, result = v;
  NEXT();
}
L_SUBI : {
  std::memcpy(&imm, insn, 4);
  uint32_t a = c.r[RS1], v = a - imm;
  c.r[RD] = v;
  pending = 4, operand = a, result = v;
  NEXT();
}
L_JNZ : {
  std::memcpy(&imm, insn, 4);
  if (result != 0) ip = imm;
  if (att->load(std::memory_order_relaxed)) goto L_HALT;
  if (ip - c.fetch_lo >= c.fetch_span) goto L_HALT;
  FETCH();
}
L_HALT:
  c.pending = pending + operand;
  return count;
}

// ---------------- B / C ----------------
struct Slot;
using Fn = void (*)(Core&, const Slot*, uint64_t, uint32_t, uint32_t, uint32_t);
struct Slot {
  Fn fn;
  uint64_t raw;
  uint32_t imm;
  uint8_t rd, rs1, rs2, pad;
};
static_assert(sizeof(Slot) == 24);

struct Page {
  uint32_t base;    // ip of slots[0]
  Slot slots[513];  // 4096/8 + a sentinel
};
static Page page;
static Fn table_b[256], table_c[256];

template <bool kVerify>
[[gnu::noinline]] void leave(Core& c, const Slot* s, uint64_t count, uint32_t, uint32_t, uint32_t) {
  c.count_out = count;
  c.ip_out = page.base + static_cast<uint32_t>(s - page.slots) * 8;
}
template <bool kVerify>
[[gnu::always_inline]] inline void next(Core& c, const Slot* s, uint64_t count, uint32_t result,
                                        uint32_t operand, uint32_t pending) {
  const Slot* n = s + 1;
  return n->fn(c, n, count + 1, result, operand, pending);
}
template <bool kVerify>
[[gnu::always_inline]] inline bool stale(Core& c, const Slot* s) {
  if constexpr (!kVerify) return false;
  uint64_t now;
  std::memcpy(&now, c.host + page.base + (s - page.slots) * 8, 8);
  return now != s->raw;
}
#define HANDLER(name, ...)                                                                                 \
  template <bool kVerify>                                                                                  \
  void name(Core& c, const Slot* s, uint64_t count, uint32_t result, uint32_t operand, uint32_t pending) { \
    if (stale<kVerify>(c, s)) return leave<kVerify>(c, s, count, result, operand, pending);                \
    __VA_ARGS__;                                                                                           \
  }
HANDLER(h_add, {
  uint32_t a = c.r[s->rs1], v = a + c.r[s->rs2];
  c.r[s->rd] = v;
  return next<kVerify>(c, s, count, v, a, 3);
})
HANDLER(h_sub, {
  uint32_t a = c.r[s->rs1], v = a - c.r[s->rs2];
  c.r[s->rd] = v;
  return next<kVerify>(c, s, count, v, a, 4);
})
HANDLER(h_xori, {
  uint32_t v = c.r[s->rs1] ^ s->imm;
  c.r[s->rd] = v;
  return next<kVerify>(c, s, count, v, operand, 1);
})
HANDLER(h_shli, {
  uint32_t v = c.r[s->rs1] << (s->imm & 31);
  c.r[s->rd] = v;
  return next<kVerify>(c, s, count, v, operand, 1);
})
HANDLER(h_subi, {
  uint32_t a = c.r[s->rs1], v = a - s->imm;
  c.r[s->rd] = v;
  return next<kVerify>(c, s, count, v, a, 4);
})
HANDLER(h_jnz, {
  const Slot* n = s + 1;
  if (result != 0) {
    const uint32_t off = s->imm - page.base;
    if (off >= 4096 || (off & 7)) return leave<kVerify>(c, s, count, result, operand, pending);
    n = &page.slots[off / 8];
  }
  if (c.attention.load(std::memory_order_relaxed))
    return leave<kVerify>(c, n, count, result, operand, pending);
  return n->fn(c, n, count + 1, result, operand, pending);
})

// SUBI + JNZ in one slot (the pair's second slot stays decoded on its own for jumps into it).
HANDLER(h_subi_jnz, {
  uint32_t a = c.r[s->rs1], v = a - s->imm;
  c.r[s->rd] = v;
  const Slot* j = s + 1;
  const Slot* n = s + 2;
  if (v != 0) {
    const uint32_t off = j->imm - page.base;
    if (off >= 4096 || (off & 7)) return leave<kVerify>(c, j, count + 1, v, a, 4);
    n = &page.slots[off / 8];
  }
  if (c.attention.load(std::memory_order_relaxed)) return leave<kVerify>(c, n, count + 2, v, a, 4);
  return n->fn(c, n, count + 2, v, a, 4);
})
static bool fuse = getenv("FUSE") != nullptr;

template <bool kVerify>
uint64_t run_slots(Core& c, uint32_t ip) {
  Fn* t = kVerify ? table_c : table_b;
  for (auto& e : (kVerify ? table_c : table_b)) e = &leave<kVerify>;
  t[ADD] = &h_add<kVerify>;
  t[SUB] = &h_sub<kVerify>;
  t[XORI] = &h_xori<kVerify>;
  t[SHLI] = &h_shli<kVerify>;
  t[SUBI] = &h_subi<kVerify>;
  t[JNZ] = &h_jnz<kVerify>;
  page.base = ip & ~0xFFFu;
  for (int k = 0; k < 512; ++k) {
    const uint8_t* p = c.host + page.base + k * 8;
    Slot& s = page.slots[k];
    std::memcpy(&s.raw, p, 8);
    std::memcpy(&s.imm, p, 4);
    s.rs2 = p[4] & 31, s.rs1 = p[5] & 31, s.rd = p[6] & 31;
    s.fn = t[p[7]];
  }
  page.slots[512].fn = &leave<kVerify>;
  if (fuse)
    for (int k = 0; k < 511; ++k)
      if (page.slots[k].fn == &h_subi<kVerify> && page.slots[k + 1].fn == &h_jnz<kVerify>)
        page.slots[k].fn = &h_subi_jnz<kVerify>;
  const Slot* s = &page.slots[(ip - page.base) / 8];
  s->fn(c, s, 1, 1, 0, 0);
  return c.count_out;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s a|b|c ITERATIONS\n", argv[0]);
    return 2;
  }
  const char which = argv[1][0];
  const uint32_t iters = static_cast<uint32_t>(atol(argv[2]));
  std::vector<uint8_t> mem(1 << 20);
  const uint32_t base = 0x2000;
  if (getenv("INDEP")) {  // no dependency between the body's instructions
    put(mem, base + 0, ADD, 5, 8, 6, 0);
    put(mem, base + 8, XORI, 9, 10, 0, 0x55);
    put(mem, base + 16, SHLI, 7, 11, 0, 3);
    put(mem, base + 24, SUB, 12, 13, 14, 0);
  } else {
    put(mem, base + 0, ADD, 5, 5, 6, 0);
    put(mem, base + 8, XORI, 5, 5, 0, 0x55);
    put(mem, base + 16, SHLI, 7, 5, 0, 3);
    put(mem, base + 24, SUB, 5, 7, 5, 0);
  }
  put(mem, base + 32, SUBI, 4, 4, 0, 1);
  put(mem, base + 40, JNZ, 0, 0, 0, base);
  put(mem, base + 48, HALT, 0, 0, 0, 0);
  Core c;
  c.host = mem.data();
  c.fetch_lo = 0x1000;
  c.fetch_span = 0x10000;
  c.r[4] = iters;
  c.r[6] = 3;
  auto t0 = std::chrono::steady_clock::now();
  uint64_t n = which == 'a'   ? run_a(c, base)
               : which == 'b' ? run_slots<false>(c, base)
                              : run_slots<true>(c, base);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%c: %llu insns, r5=%u, %.3f s, %.0f MIPS\n", which, (unsigned long long)n, c.r[5], s,
              n / s / 1e6);
}
