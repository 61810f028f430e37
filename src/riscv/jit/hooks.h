// What the translator may touch inside a Hart (a friend of it): field offsets for generated code,
// and the helpers generated code calls. Each helper keeps the execution contract the way the
// interpreter's handler for the same instruction does.
#pragma once

#include <cstddef>
#include <cstdint>

#include "riscv/hart.h"

namespace microvm::riscv {

struct JitHooks {
  // Byte offsets from the Hart, for generated code that keeps the hart's address in a register.
  struct Offsets {
    int32_t x, pc, budget, tlb_data, tlb_fetch, current_page, f, mstatus, direct_limit, exit_block;
  };
  // Guest RAM for loads and stores that skip the TLB (Hart::direct_limit_): where it starts, where
  // it is in host memory, its pages' flags words; `now`: the hart's data accesses may skip it now;
  // `low`: RAM and the flags words end below 2 GiB in the host's address space (ram.cpp), so that
  // both are 32-bit displacements.
  struct DirectRam {
    uint64_t base;
    uintptr_t host;
    const std::atomic<uint32_t>* flags;
    bool now;
    bool low;
  };
  static DirectRam direct_ram(Hart& h) {
    const Ram& ram = h.ram_;
    const auto host = reinterpret_cast<uintptr_t>(ram.host());
    const bool low = host + ram.size() <= INT32_MAX && ram.flags_end() <= INT32_MAX;
    return {ram.base(), host, ram.flags(), h.direct_limit_ != 0, low};
  }
  // Where a translated access at `va` reaches RAM without the TLB now, or null (the limit keeps
  // an access of up to 8 bytes inside RAM).
  static uint8_t* direct_host(Hart& h, uint64_t va) {
    const uint64_t offset = va - h.ram_.base();
    return offset < h.direct_limit_ ? h.ram_.host() + offset : nullptr;
  }
  static Offsets offsets(Hart& h) {
    const auto at = [&h](const void* field) {
      return static_cast<int32_t>(static_cast<const char*>(field) - reinterpret_cast<const char*>(&h));
    };
    return {at(&h.x[0]),
            at(&h.pc),
            at(&h.block_.budget),
            at(h.tlb_.data_slot()),
            at(h.tlb_.fetch_slot()),
            at(&h.current_page_),
            at(&h.f[0]),
            at(&h.csr.mstatus),
            at(&h.direct_limit_),
            at(&h.exit_block_)};
  }
  static DecodedPage* current_page(Hart& h) { return h.current_page_; }
  // The page the block goes on from (after translated code chained into another page).
  static void set_block_page(Hart& h, DecodedPage& page) {
    h.block_insns_ = page.insns.data();
    h.block_page_va_ = h.pc & ~Hart::kPageMask;
  }

  static bool decode_in_place(Hart& h, DecodedPage& page, size_t index) {
    return h.decode_in_place(page, index);
  }
  static Handler decode_slot_handler() { return &Hart::decode_slot; }
  static void take(Hart& h) { h.block_.take(); }
  static int64_t budget(const Hart& h) { return h.block_.budget; }
  static bool exit_block(const Hart& h) { return h.exit_block_; }
  static void step(Hart& h, DecodedPage& page, size_t index) { h.step(page, index); }
  static jit::Jit* jit(Hart& h) { return h.jit_.get(); }
  static Ram& ram(Hart& h) { return h.ram_; }
  static Tlb& tlb(Hart& h) { return h.tlb_; }

  // The state a block can change, for the audit (audit.cpp).
  struct State {
    uint64_t x[32], f[32], pc;
    Priv priv, hpm_mode;
    Csrs csr;
    int64_t budget, initial;
    bool exit_block, wfi;
    Hart::LoadReserved lr;
  };
  static State save(const Hart& h) {
    State s;
    std::copy(h.x, h.x + 32, s.x);
    std::copy(h.f, h.f + 32, s.f);
    s.pc = h.pc;
    s.priv = h.priv;
    s.hpm_mode = h.hpm_mode_;
    s.csr = h.csr;
    s.budget = h.block_.budget;
    s.initial = h.block_.initial;
    s.exit_block = h.exit_block_;
    s.wfi = h.wfi_;
    s.lr = h.lr;
    return s;
  }
  static void restore(Hart& h, const State& s) {
    std::copy(s.x, s.x + 32, h.x);
    std::copy(s.f, s.f + 32, h.f);
    h.pc = s.pc;
    h.priv = s.priv;
    h.hpm_mode_ = s.hpm_mode;
    h.csr = s.csr;
    h.block_.budget = s.budget;
    h.block_.initial = s.initial;
    h.exit_block_ = s.exit_block;
    h.wfi_ = s.wfi;
    h.lr = s.lr;
    h.update_contexts();
  }
  static uint64_t retired(const State& s) { return static_cast<uint64_t>(s.initial - s.budget); }

  // --- Called from generated code (System V ABI) ---
  // One instruction the translator has no inline code for, run by its interpreter handler from
  // `insn` (followed by two continue sentinels). True when the interpreter would have gone on to
  // the next instruction of the block; false when the block ends here (a trap, a jump, a stop).
  static bool run_one(Hart& h, const Insn* insn);
  // The handler of the slots after a run_one instruction: the chain would go on.
  static void continue_sentinel(Hart& h, const Insn&);
  // TLB misses of inline loads and stores; false: the access trapped, or the store ended the
  // block (it reached a device or this page's code), pc then the next instruction's, as
  // next_insn_unless_ended. `size_len`: the store's size, and its instruction's length << 8.
  static bool load_miss(Hart& h, uint64_t va, uint32_t rd, uint32_t kind);
  static bool store_miss(Hart& h, uint64_t va, uint64_t value, uint32_t size_len);
  // flw (`double_width` false: NaN-boxed) and fld: f[rd] and the FP state dirty, as the handlers.
  static bool fp_load_miss(Hart& h, uint64_t va, uint32_t rd, uint32_t double_width);
  // An inline store hit a page with code or a reservation (Hart::store_fast's slow branch); false
  // when that ended the block (h.pc, set by the caller, is then the next instruction's).
  static bool special_store(Hart& h, uintptr_t host, uint32_t size);
};

}  // namespace microvm::riscv
