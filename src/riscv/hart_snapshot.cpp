// A hart in a snapshot: its architectural state, its timers and interrupt bits, its LR
// reservation and where it stands in HSM. Caches (TLBs, decoded pages) are not saved: a loaded
// hart starts with them empty, as after a full fence.
#include "riscv/hart_snapshot.h"

#include <fmt/format.h>

#include <algorithm>

#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

// The first fields, which `microvm inspect` reads without the rest.
void save_summary(const Hart& h, SnapshotWriter& out) {
  out.u32(h.hartid());
  out.u64(h.pc);
  out.u8(static_cast<uint8_t>(h.priv));
  out.u64(h.instret());
  out.boolean(h.halted());
  out.boolean(h.waiting_for_interrupt());
}

Priv read_priv(SnapshotReader& in) {
  const uint8_t p = in.u8();
  if (p != 0 && p != 1 && p != 3) in.fail(fmt::format("privilege mode {} does not exist", p));
  return static_cast<Priv>(p);
}

// Every Csrs field, in one place so save and load cannot disagree.
template <typename Fn>
void each_csr(Csrs& c, Fn fn) {
  for (uint64_t* v :
       {&c.mstatus,  &c.misa,       &c.medeleg,    &c.mideleg,      &c.mie,           &c.mtvec,
        &c.stvec,    &c.mcounteren, &c.scounteren, &c.menvcfg,      &c.senvcfg,       &c.mcountinhibit,
        &c.mscratch, &c.sscratch,   &c.mepc,       &c.sepc,         &c.mcause,        &c.scause,
        &c.mtval,    &c.stval,      &c.satp,       &c.cycle_offset, &c.instret_offset}) {
    fn(*v);
  }
  for (Csrs::HpmCounter& h : c.hpm) {
    for (uint64_t* v : {&h.event, &h.offset, &h.frozen, &h.last}) fn(*v);
  }
}

}  // namespace

HartSummary summarize_hart(SnapshotReader& in) {
  HartSummary s;
  s.hartid = in.u32();
  s.pc = in.u64();
  s.priv = read_priv(in);
  s.instret = in.u64();
  s.halted = in.boolean();
  s.waiting = in.boolean();
  return s;
}

void Hart::save(SnapshotWriter& out) {
  save_summary(*this, out);
  for (unsigned i = 1; i < 32; ++i) out.u64(x[i]);
  for (unsigned i = 0; i < 32; ++i) out.u64(f[i]);
  Csrs c = csr;
  each_csr(c, [&](uint64_t& v) { out.u64(v); });
  out.u32(c.fflags);
  out.u32(c.frm);
  for (unsigned n = 0; n < Pmp::kEntries / 8; ++n) out.u64(pmp_.read_cfg(2 * n));
  for (unsigned i = 0; i < Pmp::kEntries; ++i) out.u64(pmp_.read_addr(i));
  out.u64(mip_.load(std::memory_order_acquire));
  out.boolean(sw_seip_);
  out.u64(stimecmp_.compare());
  out.u64(next_timer_poll_);
  out.u64(lr.pa);
  out.u64(lr.value);
  out.u32(lr.size);
  out.u64(reservations_.reserved(config_.hartid));
  std::lock_guard lock(sleep_.mutex);
  out.u32(requests_.load(std::memory_order_acquire) & kRequestStart);
  out.u64(sleep_.start_request.pc);
  out.u8(static_cast<uint8_t>(sleep_.start_request.mode));
  out.u64(sleep_.start_request.a0);
  out.u64(sleep_.start_request.a1);
}

void Hart::drop_cached_code() {
  tlb_.flush_all();
  decoded_.clear();
  current_page_ = nullptr;
}

void Hart::load(SnapshotReader& in) {
  const HartSummary s = summarize_hart(in);
  in.expect(s.hartid, config_.hartid, "the hart ID");
  reset(s.pc);
  priv = s.priv;
  hpm_mode_ = s.priv;  // the saved counters are as they were in that mode
  instret_ = s.instret;
  halted_.store(s.halted, std::memory_order_release);
  wfi_ = s.waiting;
  for (unsigned i = 1; i < 32; ++i) x[i] = in.u64();
  for (unsigned i = 0; i < 32; ++i) f[i] = in.u64();
  each_csr(csr, [&](uint64_t& v) { v = in.u64(); });
  csr.fflags = in.u32() & 0x1F;
  csr.frm = in.u32() & 0x7;
  // Addresses first: a locked TOR entry locks the address below it.
  uint64_t cfg[Pmp::kEntries / 8];
  for (uint64_t& v : cfg) v = in.u64();
  for (unsigned i = 0; i < Pmp::kEntries; ++i) pmp_.write_addr(i, in.u64());
  for (unsigned n = 0; n < Pmp::kEntries / 8; ++n) pmp_.write_cfg(2 * n, cfg[n]);
  const uint64_t mip = in.u64();
  sw_seip_ = in.boolean();
  stimecmp_.set_compare(in.u64());
  next_timer_poll_ = in.u64();
  lr.pa = in.u64();
  lr.value = in.u64();
  lr.size = in.u32();
  if (lr.size != 0 && lr.size != 4 && lr.size != 8) in.fail(fmt::format("an LR of {} bytes", lr.size));
  const uint64_t reserved = in.u64();
  if (reserved != ~0ull) {
    if (reserved % 8 || !ram_.contains(reserved, 8)) in.fail(fmt::format("a reservation at {:#x}", reserved));
    reservations_.reserve(config_.hartid, reserved);
  }
  const uint32_t requests = in.u32();
  HartSleep::StartRequest start;
  start.pc = in.u64();
  start.mode = read_priv(in);
  start.a0 = in.u64();
  start.a1 = in.u64();
  in.finish();
  {
    std::lock_guard lock(sleep_.mutex);
    sleep_.start_request = start;
  }
  if (requests & kRequestStart) post_request(kRequestStart);
  // The loaded mip holds the device-driven bits as they were; devices loaded before agree.
  mip_.store(mip, std::memory_order_release);
  update_contexts();
}

// The vector state, its own section ("vector.<hart>") so that snapshots of harts without V are
// unchanged. VLEN comes first: read_machine reads it to rebuild a machine with that VLEN.
void Hart::save_vector(SnapshotWriter& out) const {
  out.u32(vec.vlenb * 8);
  out.u64(vec.vtype);
  out.u64(vec.vl);
  out.u64(vec.vstart);
  out.u64(vec.vxrm);
  out.u64(vec.vxsat);
  out.bytes(std::span<const uint8_t>(vec.reg, size_t{32} * vec.vlenb));
}

void Hart::load_vector(SnapshotReader& in) {
  in.expect(in.u32(), vec.vlenb * 8, "VLEN");
  vec.vtype = in.u64();
  if ((vec.vtype >> 8) && vec.vtype != VectorState::kVill) in.fail("a vtype with reserved bits set");
  vec.vl = in.bounded(uint64_t{vec.vlenb} * 8, "vl");
  vec.vstart = in.bounded(uint64_t{vec.vlenb} * 8 - 1, "vstart");
  vec.vxrm = static_cast<uint32_t>(in.bounded(3, "vxrm"));
  vec.vxsat = static_cast<uint32_t>(in.bounded(1, "vxsat"));
  const auto regs = in.bytes(size_t{32} * vec.vlenb);
  std::copy(regs.begin(), regs.end(), vec.reg);
  in.finish();
}

void Hart::load_triggers(SnapshotReader& in) {
  triggers_.load(in);
  update_debug_checks();
}

}  // namespace microvm::riscv
