#include "lamp/machine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "lamp/debugger.h"
#include "lamp/isa.h"
#include "lamp/translator.h"

namespace microvm::lamp {

Machine::Machine(const MachineConfig& config) : config_(config) {
  memory_ = std::make_unique<Memory>(framebuffer_);  // maps the FB and its alias first
  intc_ = std::make_unique<Intc>(config.smp, [this](const std::string& message) {
    // The original sets its panic flag here: the VM stops, but not through panic()'s exit(1).
    std::fprintf(stderr, "%s\n", message.c_str());
    halt();
  });
  time_ = std::make_unique<TimeDevice>([this] { intc_->raise(0, kVecTimer); }, [this] { halt(); });
  iommu_ = std::make_unique<Iommu>(kRamSize, [this] { halt(); });
  mmu_ = std::make_unique<Mmu>([this] { halt(); });
  disk_ = std::make_unique<Disk>(memory_->host(), kRamSize, [this] { intc_->raise(0, kVecDisk); });
  if (!config.disk_path.empty()) {
    if (config.create_disk) {
      disk_->open_or_create(config.disk_path, disk::kCompatImageSize);
    } else {
      disk_->open(config.disk_path);
    }
  }
  sysinfo_ = std::make_unique<Sysinfo>(config.smp, disk_->size_bytes(), realtime_ns(), [this] { halt(); });
  memory_->map(kTimeBase, kTimeSize, *time_);
  memory_->map(kIntcBase, kIntcSize, *intc_);
  memory_->map(kIommuBase, kIommuSize, *iommu_);
  memory_->map(kMmuBase, kMmuSize, *mmu_);
  memory_->map(kSysinfoBase, kSysinfoSize, *sysinfo_);
  io_ = std::make_unique<IoPorts>(*intc_, *disk_);
  for (unsigned i = 0; i < config.smp; ++i) {
    cores_.push_back(std::make_unique<Core>(*this, i));
    if (config.stats) cores_.back()->enable_stats();
    if (config.jit && !config.stats && Translator::available()) cores_.back()->enable_translator();
  }
  // init_ivt: every vector "no handler".
  std::memset(memory_->host() + kIvtBase, 0xFF, kVectors * 8);
  run_control_.add_waker([this] {
    intc_->poke_all();
    for (auto& core : cores_) core->wake();
  });
}

Machine::~Machine() {
  if (!threads_.empty()) {
    run_control_.request_stop(StopReason::kUserQuit, 0);
    join();
  }
}

void Machine::set_debug_control(DebugControl* debug) {
  debug_control_ = debug;
  if (debug) debug->set_waker([this](unsigned c) { cores_[c]->wake(); });
  intc_->poke_all();
}

void Machine::set_debugger(std::unique_ptr<Debugger> debugger) {
  debugger_ = std::move(debugger);
  intc_->poke(0);
}

std::optional<std::string> Machine::load(const Program& p) {
  const uint64_t text_end = uint64_t{p.text_base} + p.text_size;
  const uint64_t data_end = uint64_t{p.data_base} + p.data_size;
  const uint64_t bss_end = uint64_t{p.bss_base} + p.bss_size;
  if (text_end > kRamSize) return "Program too large";

  // The v2 stack pool: max(N, 64) slots of 9216 bytes at the top of RAM, reserved even for --smp 1.
  const uint64_t pool_bytes = uint64_t{std::max(config_.smp, kPoolMinSlots)} * kPoolSlotBytes;
  if (pool_bytes > kRamSize) return "Stack pool too large for RAM";
  pool_base_ = static_cast<uint32_t>(kRamSize - pool_bytes);
  // The original adds base and size in 32 bits here, so a segment that wraps past 4 GiB slips
  // through to the range checks below (which do not wrap) and is reported there.
  const uint32_t text_end32 = p.text_base + p.text_size, data_end32 = p.data_base + p.data_size,
                 bss_end32 = p.bss_base + p.bss_size;
  if (std::max({text_end32, data_end32, bss_end32}) > pool_base_) return "Program/data overlaps stack pool";
  if (config_.smp == 1 && kLegacyStackBase + kCoreStackBytes > pool_base_) {
    return "Legacy core stack overlaps reserved stack pool";
  }

  uint8_t* ram = memory_->host();
  // An empty segment's data() may be null, which memcpy must not be given even for 0 bytes.
  if (!p.text.empty()) std::memcpy(ram + p.text_base, p.text.data(), p.text.size());
  if (data_end > kRamSize) return "Data segment out of range";
  if (!p.data.empty()) std::memcpy(ram + p.data_base, p.data.data(), p.data.size());
  if (bss_end > kRamSize) return "BSS segment out of range";
  if (p.bss_size > 0) {
    std::memset(ram + p.bss_base, 0, p.bss_size);
    const uint32_t checked = std::min<uint32_t>(p.bss_size, 64);
    unsigned bad = 0;
    for (uint32_t k = 0; k < checked; ++k) bad += ram[p.bss_base + k] != 0;
    std::printf("BSS clear: base=0x%08X size=%u first=0x%02X last=0x%02X bad_in_first_%u=%u\n", p.bss_base,
                p.bss_size, ram[p.bss_base], ram[p.bss_base + p.bss_size - 1], checked, bad);
    std::fflush(stdout);
  }
  io_->set_tx_ready();

  for (unsigned i = 0; i < config_.smp; ++i) {
    const uint32_t base = config_.smp == 1 ? kLegacyStackBase : pool_base_ + i * kPoolSlotBytes;
    cores_[i]->reset(p.text_base, base);
  }
  return std::nullopt;
}

void Machine::start() {
  time_->start();
  for (auto& core : cores_) {
    Core* c = core.get();
    threads_.emplace_back([c] { c->run(); });
  }
}

void Machine::join() {
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  time_->stop();
  disk_->stop();
}

uint64_t Machine::total_cycles() const {
  uint64_t sum = 0;
  for (const auto& core : cores_) sum += core->cycles();
  return sum;
}

void Machine::print_stats() const {
  std::array<uint64_t, 256> counts{};
  for (const auto& core : cores_) {
    if (const auto* s = core->stats()) {
      for (unsigned k = 0; k < 256; ++k) counts[k] += (*s)[k];
    }
  }
  uint64_t total = 0;
  for (uint64_t n : counts) total += n;
  std::printf("[debug] instruction statistics:\n");
  std::printf("[debug] total instructions: %llu\n", static_cast<unsigned long long>(total));
  for (unsigned k = 0; k < 256; ++k) {
    if (counts[k] == 0) continue;
    std::printf("[debug] %-9s 0x%02X %llu\n", op_name(static_cast<uint8_t>(k)).c_str(), k,
                static_cast<unsigned long long>(counts[k]));
  }
  std::fflush(stdout);
}

}  // namespace microvm::lamp
