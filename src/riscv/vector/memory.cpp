// Vector loads and stores (RVV 1.0 section 7): unit-stride, strided, indexed (ordered and
// unordered, which microvm both runs in element order), segments, whole registers, masks and
// fault-only-first. A fault on element i leaves vstart = i and earlier elements written, so the
// trap handler can resume the instruction (section 3.7); fault-only-first instead trims vl to i
// when i > 0 and takes no trap.
#include <atomic>

#include "riscv/vector/vector.h"

namespace microvm::riscv::vec {
namespace {

unsigned eew_bytes(unsigned width) {  // width field 0, 5, 6, 7
  return width == 0 ? 1 : 1u << (width - 4);
}

bool load_element(Hart& h, uint64_t va, unsigned bytes, uint64_t& out) {
  switch (bytes) {
    case 1: {
      uint8_t x;
      if (!h.load<uint8_t>(va, x)) return false;
      out = x;
      return true;
    }
    case 2: {
      uint16_t x;
      if (!h.load<uint16_t>(va, x)) return false;
      out = x;
      return true;
    }
    case 4: {
      uint32_t x;
      if (!h.load<uint32_t>(va, x)) return false;
      out = x;
      return true;
    }
    default: return h.load<uint64_t>(va, out);
  }
}

bool store_element(Hart& h, uint64_t va, unsigned bytes, uint64_t value) {
  switch (bytes) {
    case 1: return h.store<uint8_t>(va, static_cast<uint8_t>(value));
    case 2: return h.store<uint16_t>(va, static_cast<uint16_t>(value));
    case 4: return h.store<uint32_t>(va, static_cast<uint32_t>(value));
    default: return h.store<uint64_t>(va, value);
  }
}

// Whole-register loads and stores: nf + 1 registers (1, 2, 4 or 8) as EEW elements, whatever
// vtype and vl are.
Result whole_registers(Hart& h, uint32_t raw, bool load) {
  if (vs_off(h)) return Result::kIllegal;
  const unsigned nregs = (raw >> 29) + 1, vd = vd_of(raw);
  const unsigned width = funct3_of(raw);
  if ((nregs & (nregs - 1)) != 0 || vd % nregs != 0 || !vm_of(raw)) return Result::kIllegal;
  if (!load && width != 0) return Result::kIllegal;  // vs<nr>r is EEW 8 only
  const unsigned bytes = eew_bytes(width);
  VectorState& v = h.vec;
  const uint64_t evl = uint64_t{nregs} * v.vlenb / bytes;
  const uint64_t base = h.x[rs1_of(raw)];
  for (uint64_t i = v.vstart; i < evl; ++i) {
    const uint64_t va = base + i * bytes;
    if (load) {
      uint64_t value;
      if (!load_element(h, va, bytes, value)) {
        v.vstart = i;
        mark_dirty(h);
        return Result::kTrapped;
      }
      put(v, vd, i, bytes, value);
    } else if (!store_element(h, va, bytes, get(v, vd, i, bytes))) {
      v.vstart = i;
      return Result::kTrapped;
    }
  }
  v.vstart = 0;
  if (load) mark_dirty(h);
  return Result::kDone;
}

// vlm.v / vsm.v: ceil(vl / 8) bytes, unmasked.
Result mask_transfer(Hart& h, uint32_t raw, bool load) {
  if (!vector_usable(h) || !vm_of(raw) || (raw >> 29) != 0 || funct3_of(raw) != 0) return Result::kIllegal;
  VectorState& v = h.vec;
  const uint64_t evl = (v.vl + 7) / 8;
  const uint64_t base = h.x[rs1_of(raw)];
  const unsigned vd = vd_of(raw);
  for (uint64_t i = v.vstart; i < evl; ++i) {
    if (load) {
      uint64_t value;
      if (!load_element(h, base + i, 1, value)) {
        v.vstart = i;
        return Result::kTrapped;
      }
      v.at(vd)[i] = static_cast<uint8_t>(value);
    } else if (!store_element(h, base + i, 1, v.at(vd)[i])) {
      v.vstart = i;
      return Result::kTrapped;
    }
  }
  v.vstart = 0;
  if (load) mark_dirty(h);
  return Result::kDone;
}

// Unit-stride, strided and indexed, with segments (nf + 1 fields per element).
template <bool Load>
Result transfer(Hart& h, uint32_t raw) {
  const unsigned mop = (raw >> 26) & 3, nf = (raw >> 29) + 1, lumop = vs2_of(raw);
  if ((raw >> 28) & 1) return Result::kIllegal;  // mew: EEW > 64
  if (mop == 0) {
    if (lumop == 8) return whole_registers(h, raw, Load);
    if (lumop == 11) return mask_transfer(h, raw, Load);
    if (lumop != 0 && !(Load && lumop == 16)) return Result::kIllegal;
  }
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const bool indexed = mop & 1, fault_only_first = mop == 0 && lumop == 16;
  const bool vm = vm_of(raw);
  const unsigned vd = vd_of(raw), vs2 = vs2_of(raw);
  const unsigned eew = eew_bytes(funct3_of(raw));
  const int lmul_now = lmul(h);
  const unsigned sew = v.sew() / 8;
  // EMUL = EEW / SEW * LMUL, for the data (unit-stride, strided) or the index (indexed).
  int eew_log2 = 0, sew_log2 = 0;
  while ((1u << eew_log2) < eew) ++eew_log2;
  while ((1u << sew_log2) < sew) ++sew_log2;
  const int emul = eew_log2 - sew_log2 + lmul_now;
  if (emul < -3 || emul > 3) return Result::kIllegal;
  const int data_emul = indexed ? lmul_now : emul;
  const unsigned data_bytes = indexed ? sew : eew;
  const unsigned field_regs = group_regs(data_emul);
  if (nf * field_regs > 8 || vd + nf * field_regs > 32) return Result::kIllegal;
  if (!aligned(vd, data_emul) || !mask_ok(vm, vd)) return Result::kIllegal;
  if (indexed) {
    if (!aligned(vs2, emul)) return Result::kIllegal;
    if (Load) {
      // The destination may not overlap the index group, except as section 5.2 allows when
      // there is a single field.
      for (unsigned f = 0; f < nf; ++f) {
        const unsigned d = vd + f * field_regs;
        if (nf > 1 ? overlapped(d, field_regs, vs2, group_regs(emul)) : !no_overlap(d, data_emul, vs2, emul))
          return Result::kIllegal;
      }
    }
  }
  const uint64_t base = h.x[rs1_of(raw)];
  // An unmasked unit-stride load or store of one field whose bytes lie in one page the TLB maps:
  // one copy between the host page and the registers, which is what the element loop below does
  // when nothing faults (and nothing can: the TLB caches only pages that are RAM and readable, or
  // writable, whole). A store then does a store's bookkeeping (decoded code, reservations) once.
  if (mop == 0 && nf == 1 && vm && v.vstart < v.vl) {
    const uint64_t first = base + v.vstart * eew, bytes = (v.vl - v.vstart) * eew;
    const bool one_page = (first >> 12) == ((first + bytes - 1) >> 12);
    uint8_t* reg = v.at(vd) + v.vstart * eew;
    if (Load && one_page) {
      if (const uint8_t* from = h.read_fast(first)) {
        for (uint64_t i = 0; i < bytes; ++i) {
          reg[i] = std::atomic_ref<uint8_t>(*const_cast<uint8_t*>(from + i)).load(std::memory_order_relaxed);
        }
        return done(h);
      }
    }
    if (!Load && one_page) {
      if (uint8_t* to = h.write_fast(first)) {
        for (uint64_t i = 0; i < bytes; ++i)
          std::atomic_ref<uint8_t>(to[i]).store(reg[i], std::memory_order_relaxed);
        h.after_atomic_store(to, static_cast<unsigned>(bytes));
        v.vstart = 0;
        return Result::kDone;
      }
    }
  }
  const uint64_t stride = mop == 2 ? h.x[vs2] : uint64_t{nf} * data_bytes;
  for (uint64_t i = v.vstart; i < v.vl; ++i) {
    if (!active(v, vm, i)) continue;
    const uint64_t element = indexed ? base + get(v, vs2, i, eew) : base + i * stride;
    for (unsigned f = 0; f < nf; ++f) {
      const uint64_t va = element + uint64_t{f} * data_bytes;
      const unsigned reg = vd + f * field_regs;
      bool ok;
      if (Load) {
        uint64_t value = 0;
        if (fault_only_first && i > 0) {
          h.hold_traps(true);
          ok = load_element(h, va, data_bytes, value);
          h.hold_traps(false);
          if (!ok) {
            v.vl = i;  // trim: the elements before i were loaded, no trap
            return done(h);
          }
        } else {
          ok = load_element(h, va, data_bytes, value);
        }
        if (ok) put(v, reg, i, data_bytes, value);
      } else {
        ok = store_element(h, va, data_bytes, get(v, reg, i, data_bytes));
      }
      if (!ok) {
        v.vstart = i;
        if (Load) mark_dirty(h);
        return Result::kTrapped;
      }
    }
  }
  v.vstart = 0;
  if (Load) mark_dirty(h);
  return Result::kDone;
}

}  // namespace

bool is_vector_memory(uint32_t raw) {
  const unsigned width = funct3_of(raw);
  return width == 0 || width >= 5;  // the others are the scalar FP loads and stores
}

Result exec_load(Hart& h, uint32_t raw) { return transfer<true>(h, raw); }
Result exec_store(Hart& h, uint32_t raw) { return transfer<false>(h, raw); }

}  // namespace microvm::riscv::vec
