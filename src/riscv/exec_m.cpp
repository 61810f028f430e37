// M: integer multiplication and division (unprivileged spec chapter 7). Division by zero and
// overflow have defined results, table 7.1.
#include "riscv/exec_common.h"

namespace microvm::riscv {
namespace {

using u64 = uint64_t;
using i64 = int64_t;
using u128 = unsigned __int128;
using i128 = __int128;

template <u64 (*Op)(u64, u64)>
constexpr const Sized* op = &kAluRR<Op>;

constexpr u64 mul(u64 a, u64 b) { return a * b; }
constexpr u64 mulh(u64 a, u64 b) {
  return static_cast<u64>((static_cast<i128>(static_cast<i64>(a)) * static_cast<i128>(static_cast<i64>(b))) >>
                          64);
}
constexpr u64 mulhsu(u64 a, u64 b) {
  return static_cast<u64>((static_cast<i128>(static_cast<i64>(a)) * static_cast<i128>(b)) >> 64);
}
constexpr u64 mulhu(u64 a, u64 b) { return static_cast<u64>((static_cast<u128>(a) * b) >> 64); }
constexpr u64 div(u64 a, u64 b) {
  const i64 x = static_cast<i64>(a), y = static_cast<i64>(b);
  if (y == 0) return ~0ull;
  if (x == INT64_MIN && y == -1) return a;
  return static_cast<u64>(x / y);
}
constexpr u64 divu(u64 a, u64 b) { return b == 0 ? ~0ull : a / b; }
constexpr u64 rem(u64 a, u64 b) {
  const i64 x = static_cast<i64>(a), y = static_cast<i64>(b);
  if (y == 0) return a;
  if (x == INT64_MIN && y == -1) return 0;
  return static_cast<u64>(x % y);
}
constexpr u64 remu(u64 a, u64 b) { return b == 0 ? a : a % b; }

constexpr u64 mulw(u64 a, u64 b) { return sext32(a * b); }
constexpr u64 divw(u64 a, u64 b) {
  const int32_t x = static_cast<int32_t>(a), y = static_cast<int32_t>(b);
  if (y == 0) return ~0ull;
  if (x == INT32_MIN && y == -1) return sext32(static_cast<uint32_t>(x));
  return sext32(static_cast<uint32_t>(x / y));
}
constexpr u64 divuw(u64 a, u64 b) {
  const uint32_t x = static_cast<uint32_t>(a), y = static_cast<uint32_t>(b);
  return y == 0 ? ~0ull : sext32(x / y);
}
constexpr u64 remw(u64 a, u64 b) {
  const int32_t x = static_cast<int32_t>(a), y = static_cast<int32_t>(b);
  if (y == 0) return sext32(static_cast<uint32_t>(x));
  if (x == INT32_MIN && y == -1) return 0;
  return sext32(static_cast<uint32_t>(x % y));
}
constexpr u64 remuw(u64 a, u64 b) {
  const uint32_t x = static_cast<uint32_t>(a), y = static_cast<uint32_t>(b);
  return sext32(y == 0 ? x : x % y);
}

}  // namespace

bool decode_m(uint32_t raw, Insn& insn) {
  if (enc::funct7(raw) != 1) return false;
  const uint32_t f3 = enc::funct3(raw);
  if (enc::opcode(raw) == enc::op::kOp) {
    static constexpr const Sized* kOps[] = {op<mul>, op<mulh>, op<mulhsu>, op<mulhu>,
                                            op<div>, op<divu>, op<rem>,    op<remu>};
    insn.fn = kOps[f3]->pick(insn);
  } else if (enc::opcode(raw) == enc::op::kOp32) {
    static constexpr const Sized* kOps[] = {op<mulw>, nullptr,   nullptr,  nullptr,
                                            op<divw>, op<divuw>, op<remw>, op<remuw>};
    if (!kOps[f3]) return false;
    insn.fn = kOps[f3]->pick(insn);
  } else {
    return false;
  }
  set_registers(insn, raw);
  return true;
}

}  // namespace microvm::riscv
