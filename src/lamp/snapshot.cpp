// Every part of the lamp machine saved to and restored from a snapshot. A restore fills a machine
// freshly built from the snapshot's description (the CLI never runs a half-restored one: a bad
// section is a UserError before start()).
#include "lamp/snapshot.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/ram_snapshot.h"
#include "lamp/machine.h"

namespace microvm::lamp {
namespace {

std::string core_tag(unsigned core) { return fmt::format("core.{}", core); }

// A stack base must leave room for its whole stack in RAM (as the CPU_CTX ports check).
uint32_t stack_base(SnapshotReader& in, uint32_t bytes, std::string_view what) {
  const uint32_t base = in.u32();
  if (uint64_t{base} + bytes > kRamSize) in.fail(fmt::format("a {} stack base of {:#x}", what, base));
  return base;
}

// A u32 that must not exceed `max`.
uint32_t bounded32(SnapshotReader& in, uint32_t max, std::string_view what) {
  const uint32_t v = in.u32();
  if (v > max) in.fail(fmt::format("{} is {}, more than {}", what, v, max));
  return v;
}

uint32_t stack_index(SnapshotReader& in) { return bounded32(in, kStackSlots, "a stack index"); }

}  // namespace

// ---- the "machine" section ----

void save_description(const SnapshotDescription& d, SnapshotWriter& out) {
  out.string(kLampMachineName);
  out.u32(d.smp);
  out.string(d.disk_path);
  out.u64(d.disk_size);
  out.bytes(d.disk_hash);
  out.u64(d.boot_realtime_ns);
  out.u64(d.uptime_ns);
  out.u64(d.core0_cycles);
  out.u64(d.total_cycles);
}

std::string snapshot_machine_name(const Snapshot& snapshot) {
  SnapshotReader in = snapshot.reader("machine");
  return in.string(64);
}

SnapshotDescription read_description(const Snapshot& snapshot) {
  SnapshotReader in = snapshot.reader("machine");
  const std::string machine = in.string(64);
  if (machine != kLampMachineName) {
    throw user_error("{}: this snapshot is of a '{}' machine, not the lamp machine (run it with microvm run)",
                     snapshot.name(), machine);
  }
  SnapshotDescription d;
  d.smp = in.u32();
  if (d.smp < 1 || d.smp > kMaxCores) in.fail(fmt::format("{} cores", d.smp));
  d.disk_path = in.string();
  d.disk_size = in.u64();
  const auto hash = in.bytes(d.disk_hash.size());
  std::copy(hash.begin(), hash.end(), d.disk_hash.begin());
  d.boot_realtime_ns = in.u64();
  d.uptime_ns = in.u64();
  d.core0_cycles = in.u64();
  d.total_cycles = in.u64();
  in.finish();
  for (unsigned c = 0; c < d.smp; ++c) {
    if (!snapshot.has(core_tag(c)))
      throw user_error("{}: not a usable snapshot: core {} is missing", snapshot.name(), c);
  }
  return d;
}

// ---- cores ----

void Core::save(SnapshotWriter& out) const {
  for (uint32_t reg : r) out.u32(reg);
  out.u32(ip);
  out.u32(last_ip);
  out.u32(flags);
  out.boolean(released());
  out.boolean(in_interrupt);
  out.u64(cycles());
  out.u32(csp);
  out.u32(dsp);
  out.u32(isp);
  out.u32(call_base);
  out.u32(data_base);
  out.u32(isr_base);
  out.boolean(irq_masked);
  out.boolean(start_pending_.load(std::memory_order_acquire));
  out.u32(start_request_.load(std::memory_order_relaxed));
}

Core::Summary Core::summarize(SnapshotReader& in) {
  in.bytes(32 * 4);
  Summary s;
  s.ip = in.u32();
  in.u32();
  s.flags = in.u32();
  s.released = in.boolean();
  s.in_interrupt = in.boolean();
  s.cycles = in.u64();
  return s;
}

void Core::load(SnapshotReader& in) {
  for (uint32_t& reg : r) reg = in.u32();
  ip = in.u32();
  last_ip = in.u32();
  flags = in.u32() & 0xFF;
  const bool was_released = in.boolean();
  in_interrupt = in.boolean();
  cycles_.store(in.u64(), std::memory_order_relaxed);
  csp = stack_index(in);
  dsp = stack_index(in);
  isp = stack_index(in);
  call_base = stack_base(in, kStackSlots * 8, "call");
  data_base = stack_base(in, kStackSlots * 4, "data");
  isr_base = stack_base(in, kStackSlots * 8, "interrupt");
  irq_masked = in.boolean();
  const bool pending = in.boolean();
  start_request_.store(in.u32(), std::memory_order_relaxed);
  in.finish();
  if (id_ == 0 && !was_released) in.fail("core 0 is not running");
  start_pending_.store(pending, std::memory_order_release);
  released_.store(was_released, std::memory_order_release);
  mmu_on_ = false;
  fetch_lo_ = fetch_span_ = 0;
  refresh_mmu();
  poke_self();
}

// ---- devices ----

void Intc::save(SnapshotWriter& out) const {
  out.u32(cores_);
  for (unsigned c = 0; c < cores_; ++c) {
    for (const auto& word : lines_[c].pending) out.u64(word.load(std::memory_order_acquire));
    for (const auto& word : lines_[c].enable) out.u32(word.load(std::memory_order_relaxed));
  }
  for (const auto& p : priority_) out.u8(p.load(std::memory_order_relaxed));
}

void Intc::load(SnapshotReader& in) {
  in.expect(in.u32(), cores_, "the number of cores");
  for (unsigned c = 0; c < cores_; ++c) {
    for (auto& word : lines_[c].pending) word.store(in.u64(), std::memory_order_release);
    for (auto& word : lines_[c].enable) word.store(in.u32(), std::memory_order_relaxed);
  }
  for (auto& p : priority_) p.store(in.u8(), std::memory_order_relaxed);
  in.finish();
  poke_all();
}

void Mmu::save(SnapshotWriter& out) const {
  for (const MmuRegs& r : banks_) {
    for (uint32_t v :
         {r.ctrl, r.root_lo, r.root_hi, r.fault_status, r.fault_addr_lo, r.fault_addr_hi, r.fault_info})
      out.u32(v);
  }
}

void Mmu::load(SnapshotReader& in) {
  for (MmuRegs& r : banks_) {
    for (uint32_t* v : {&r.ctrl, &r.root_lo, &r.root_hi, &r.fault_status, &r.fault_addr_lo, &r.fault_addr_hi,
                        &r.fault_info})
      *v = in.u32();
    r.ctrl &= 1;
  }
  in.finish();
}

void Iommu::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  out.u32(ctrl_);
  out.u32(devsel_);
  for (const Window& w : windows_) {
    out.u32(w.ctrl);
    out.u64(w.iova_base);
    out.u32(w.iova_size);
    out.u64(w.pa_base);
  }
  out.u32(fault_status_);
  out.u32(fault_dev_);
  out.u32(fault_len_);
  out.u64(fault_iova_);
}

void Iommu::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  ctrl_ = in.u32() & 1;
  devsel_ = in.u32();
  for (Window& w : windows_) {
    w.ctrl = in.u32() & 1;
    w.iova_base = in.u64();
    w.iova_size = in.u32();
    w.pa_base = in.u64();
  }
  fault_status_ = in.u32();
  fault_dev_ = in.u32();
  fault_len_ = in.u32();
  fault_iova_ = in.u64();
  in.finish();
}

void TimeDevice::save(SnapshotWriter& out) const {
  std::lock_guard lock(mutex_);
  out.u32(period_us_);
  out.u64(latched_realtime_);
  out.u64(latched_mono_);
  out.u64(latched_boot_);
  out.u64(monotonic_ns() - start_mono_ns_);
}

void TimeDevice::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  const uint32_t period = in.u32();
  if (period != 0 && period < kMinPeriodUs) in.fail(fmt::format("a timer period of {} us", period));
  period_us_ = period;
  latched_realtime_ = in.u64();
  latched_mono_ = in.u64();
  latched_boot_ = in.u64();
  const uint64_t uptime = in.u64();
  in.finish();
  start_mono_ns_ = monotonic_ns() - uptime;  // boot ns go on from where the saved machine was
  ++generation_;
}

void IoPorts::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  for (uint32_t v : io_) out.u32(v);
  out.u32(fifo_count_);
  for (unsigned k = 0; k < fifo_count_; ++k) out.u8(fifo_[(fifo_head_ + k) % kFifoSize]);
}

void IoPorts::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  for (uint32_t& v : io_) v = in.u32();
  fifo_count_ = bounded32(in, kFifoSize, "the serial input queue");
  fifo_head_ = 0;
  for (unsigned k = 0; k < fifo_count_; ++k) fifo_[k] = in.u8();
  in.finish();
}

void Framebuffer::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  save_compressed(bytes_, out);
}

void Framebuffer::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  load_compressed(in, bytes_);
  in.finish();
  generation_.fetch_add(1, std::memory_order_relaxed);
}

// ---- the machine ----

void Machine::save(Snapshot& snapshot) {
  SnapshotDescription d;
  d.smp = config_.smp;
  if (!config_.disk_path.empty()) {
    d.disk_path = config_.disk_path;
    d.disk_size = disk_->size_bytes();
    d.disk_hash = sha256_file(config_.disk_path);
  }
  d.boot_realtime_ns = sysinfo_->boot_realtime_ns();
  d.core0_cycles = cores_[0]->cycles();
  d.total_cycles = total_cycles();
  {
    SnapshotWriter time;
    time_->save(time);
    SnapshotReader peek("", "time", time.data());
    peek.bytes(4 + 3 * 8);
    d.uptime_ns = peek.u64();
    SnapshotWriter machine;
    save_description(d, machine);
    snapshot.add("machine", std::move(machine));
    snapshot.add("time", std::move(time));
  }
  for (unsigned c = 0; c < config_.smp; ++c) {
    SnapshotWriter out;
    cores_[c]->save(out);
    snapshot.add(core_tag(c), std::move(out));
  }
  auto add = [&snapshot](const char* tag, auto& part) {
    SnapshotWriter out;
    part.save(out);
    snapshot.add(tag, std::move(out));
  };
  add("intc", *intc_);
  add("mmu", *mmu_);
  add("iommu", *iommu_);
  add("ports", *io_);
  add("framebuffer", framebuffer_);
  SnapshotWriter ram;
  save_ram(memory_->ram(), ram);
  snapshot.add("ram", std::move(ram));
}

void Machine::restore(const Snapshot& snapshot) {
  const SnapshotDescription d = read_description(snapshot);
  if (d.smp != config_.smp) throw user_error("{}: the snapshot has {} cores", snapshot.name(), d.smp);
  auto load = [&snapshot](const std::string& tag, auto& part) {
    SnapshotReader in = snapshot.reader(tag);
    part.load(in);
  };
  SnapshotReader ram = snapshot.reader("ram");
  load_ram(memory_->ram(), ram);
  load("mmu", *mmu_);  // before the cores, which look at their MMU bank
  load("intc", *intc_);
  load("iommu", *iommu_);
  load("time", *time_);
  load("ports", *io_);
  load("framebuffer", framebuffer_);
  for (unsigned c = 0; c < config_.smp; ++c) load(core_tag(c), *cores_[c]);
  sysinfo_->set_boot_realtime_ns(d.boot_realtime_ns);
  pool_base_ = kRamSize - std::max(config_.smp, kPoolMinSlots) * kPoolSlotBytes;
}

}  // namespace microvm::lamp
