// A: LR/SC and the AMOs (unprivileged spec chapter 8), done with host atomics on guest RAM so
// they stay atomic when harts run on several host threads. aq/rl need nothing more: every host
// read-modify-write here is sequentially consistent.
#include <type_traits>

#include "riscv/exec_common.h"

namespace microvm::riscv {
namespace {

using u64 = uint64_t;

enum class AmoOp { kSwap, kAdd, kXor, kAnd, kOr, kMin, kMax, kMinu, kMaxu };

template <typename T>
u64 sign_extend(T v) {
  return static_cast<u64>(static_cast<int64_t>(static_cast<std::make_signed_t<T>>(v)));
}

template <typename T>
T combine(AmoOp op, T old, T operand) {
  using S = std::make_signed_t<T>;
  switch (op) {
    case AmoOp::kSwap: return operand;
    case AmoOp::kAdd: return old + operand;
    case AmoOp::kXor: return old ^ operand;
    case AmoOp::kAnd: return old & operand;
    case AmoOp::kOr: return old | operand;
    case AmoOp::kMin: return static_cast<S>(old) < static_cast<S>(operand) ? old : operand;
    case AmoOp::kMax: return static_cast<S>(old) > static_cast<S>(operand) ? old : operand;
    case AmoOp::kMinu: return old < operand ? old : operand;
    case AmoOp::kMaxu: return old > operand ? old : operand;
  }
  return operand;
}

template <typename T, AmoOp Op>
void amo(Hart& h, const Insn& i) {
  const u64 va = h.x[i.rs1];
  if (va & (sizeof(T) - 1)) {
    h.raise(Exception::kStoreMisaligned, va);
    return;
  }
  const T operand = static_cast<T>(h.x[i.rs2]);
  uint8_t* host = h.atomic_fast(va, Hart::Access::kWrite);
  uint64_t pa = 0;
  if (!host) {
    const Hart::AmoTarget target = h.amo_target(va, sizeof(T), Hart::Access::kWrite);
    if (!target.ok) return;
    host = target.host;
    pa = target.pa;
  }
  T old;
  if (host) {
    std::atomic_ref<T> ref(*reinterpret_cast<T*>(host));
    switch (Op) {
      case AmoOp::kSwap: old = ref.exchange(operand); break;
      case AmoOp::kAdd: old = ref.fetch_add(operand); break;
      case AmoOp::kXor: old = ref.fetch_xor(operand); break;
      case AmoOp::kAnd: old = ref.fetch_and(operand); break;
      case AmoOp::kOr: old = ref.fetch_or(operand); break;
      default:
        old = ref.load(std::memory_order_relaxed);
        while (!ref.compare_exchange_weak(old, combine(Op, old, operand))) {
        }
        break;
    }
    h.after_atomic_store(host, sizeof(T));
  } else {
    // A device: read-modify-write through the bus (devices serialise their own registers).
    uint64_t value;
    if (!h.mmio_read(pa, sizeof(T), value) ||
        !h.mmio_write(pa, sizeof(T), combine(Op, static_cast<T>(value), operand))) {
      h.raise(Exception::kStoreAccessFault, va);
      return;
    }
    old = static_cast<T>(value);
  }
  h.x[i.rd] = sign_extend(old);
  return next_insn_checked(h, i);
}

template <typename T>
void lr(Hart& h, const Insn& i) {
  const u64 va = h.x[i.rs1];
  if (va & (sizeof(T) - 1)) {
    h.raise(Exception::kLoadMisaligned, va);
    return;
  }
  uint8_t* host = h.atomic_fast(va, Hart::Access::kRead);
  if (!host) {
    const Hart::AmoTarget target = h.amo_target(va, sizeof(T), Hart::Access::kRead);
    if (!target.ok) return;
    if (!target.host) {  // reservations exist only on RAM
      h.raise(Exception::kLoadAccessFault, va);
      return;
    }
    host = target.host;
  }
  const uint64_t pa = h.ram_address(host);
  // Reserve before reading: a store that lands after the read is then sure to break it.
  h.reservations().reserve(h.hartid(), pa);
  const T value = std::atomic_ref<T>(*reinterpret_cast<T*>(host)).load(std::memory_order_acquire);
  h.lr = {pa, value, sizeof(T)};
  h.x[i.rd] = sign_extend(value);
  return next_insn_checked(h, i);
}

template <typename T>
void sc(Hart& h, const Insn& i) {
  const u64 va = h.x[i.rs1];
  if (va & (sizeof(T) - 1)) {
    h.raise(Exception::kStoreMisaligned, va);
    return;
  }
  uint8_t* host = h.atomic_fast(va, Hart::Access::kWrite);
  if (!host) {
    const Hart::AmoTarget target = h.amo_target(va, sizeof(T), Hart::Access::kWrite);
    if (!target.ok) return;
    if (!target.host) {
      h.raise(Exception::kStoreAccessFault, va);
      return;
    }
    host = target.host;
  }
  const uint64_t pa = h.ram_address(host);
  const bool reserved = h.reservations().take(h.hartid(), pa);
  bool success = false;
  if (reserved && h.lr.pa == pa && h.lr.size == sizeof(T)) {
    // The reservation proves no other hart stored here; the compare-exchange makes the store
    // itself atomic against one racing with us right now.
    T expected = static_cast<T>(h.lr.value);
    success = std::atomic_ref<T>(*reinterpret_cast<T*>(host))
                  .compare_exchange_strong(expected, static_cast<T>(h.x[i.rs2]));
    if (success) h.after_atomic_store(host, sizeof(T));
  }
  h.lr.pa = ~0ull;
  h.x[i.rd] = success ? 0 : 1;
  return next_insn_checked(h, i);
}

template <typename T>
Handler amo_handler(uint32_t funct5) {
  switch (funct5) {
    case 0x00: return amo<T, AmoOp::kAdd>;
    case 0x01: return amo<T, AmoOp::kSwap>;
    case 0x02: return lr<T>;
    case 0x03: return sc<T>;
    case 0x04: return amo<T, AmoOp::kXor>;
    case 0x08: return amo<T, AmoOp::kOr>;
    case 0x0C: return amo<T, AmoOp::kAnd>;
    case 0x10: return amo<T, AmoOp::kMin>;
    case 0x14: return amo<T, AmoOp::kMax>;
    case 0x18: return amo<T, AmoOp::kMinu>;
    case 0x1C: return amo<T, AmoOp::kMaxu>;
    default: return nullptr;
  }
}

}  // namespace

bool decode_a(uint32_t raw, Insn& insn) {
  if (enc::opcode(raw) != enc::op::kAmo) return false;
  const uint32_t f3 = enc::funct3(raw), funct5 = raw >> 27;
  if (f3 != 2 && f3 != 3) return false;
  if (funct5 == 0x02 && enc::rs2(raw) != 0) return false;  // lr has rs2 = 0
  const Handler fn = f3 == 2 ? amo_handler<uint32_t>(funct5) : amo_handler<uint64_t>(funct5);
  if (!fn) return false;
  insn.fn = fn;
  set_registers(insn, raw);
  return true;
}

}  // namespace microvm::riscv
