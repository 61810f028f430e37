#include "riscv/hart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "riscv/disasm.h"

namespace microvm::riscv {
namespace {

// MICROVM_EXACT_BLOCKS=1 (a debugging aid, and what tests/e2e/test_exact_blocks.py compares
// against) runs every instruction as a block of its own: the reference for the threaded blocks.
bool exact_blocks_requested() {
  const char* value = std::getenv("MICROVM_EXACT_BLOCKS");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

}  // namespace

Hart::Hart(const HartConfig& config, Bus& bus, Clock& clock, RunControl& run_control,
           Reservations& reservations)
    : config_(config),
      bus_(bus),
      ram_(bus.ram()),
      clock_(clock),
      run_control_(run_control),
      reservations_(reservations),
      exact_blocks_(exact_blocks_requested()),
      decoded_(bus.ram(), &Hart::decode_slot, &Hart::leave_page),
      stimecmp_(clock) {
  stimecmp_.connect(IrqLine([this](bool level) {
    // With Sstc enabled, STIP follows stimecmp; otherwise it belongs to M-mode software. Without
    // Sstc, only the built-in SBI's set_timer reaches this compare, and it drives STIP as the
    // M-mode firmware would.
    if ((csr.menvcfg & menvcfg_bits::kSTCE) || !config_.isa.has(Ext::kSstc))
      set_interrupt_pending(irq::kSTI, level);
  }));
  add_timer(stimecmp_);
  sleep_.may_poll = config.halt_poll;
  // The translator emits jumps for IALIGN=16; without C, jumps must check 4-byte alignment, which
  // only the interpreter's handlers do (use_ialign32), so such harts interpret.
  if (config.isa.has(Ext::kC)) jit_ = jit::make(*this, config.jit, config.jit_hot);
  reset(config.reset_pc);
  run_control_.add_waker([this] { wake(); });
}

Hart::~Hart() = default;

void Hart::reset(uint64_t reset_pc) {
  std::fill(std::begin(x), std::end(x), 0);
  std::fill(std::begin(f), std::end(f), 0);
  pc = reset_pc;
  priv = Priv::M;
  hpm_mode_ = Priv::M;
  csr = Csrs{};
  csr.misa = config_.isa.misa();
  vec.reset();
  vec.vlenb = config_.isa.vlen() / 8;
  csr.mstatus = (mstatus_bits::kXlen64 << 32) | (mstatus_bits::kXlen64 << 34);  // UXL = SXL = 64
  // Hardware A/D updates and Svpbmt on at reset, as on QEMU: kernels and firmware written for
  // it (which may not know these bits) rely on them.
  csr.menvcfg = menvcfg_bits::kADUE | (config_.isa.has(Ext::kSvpbmt) ? menvcfg_bits::kPBMTE : 0);
  pmp_ = Pmp{};
  triggers_.reset();
  update_debug_checks();
  stimecmp_.set_compare(~0ull);
  halted_.store(false, std::memory_order_release);
  mip_.store(0, std::memory_order_release);
  sw_seip_ = false;
  wfi_ = false;
  sleep_.on_wake = nullptr;
  instret_ = 0;
  next_timer_poll_ = 0;
  tlb_.flush_all();
  decoded_.clear();
  current_page_ = nullptr;
  forget_translations();
  update_contexts();
}

void Hart::forget_translations() {
  if (jit_) jit_->forget();
}

void Hart::set_interrupt_pending(unsigned bit, bool level) {
  const uint64_t mask = 1ull << bit;
  if (level) {
    if (!(mip_.fetch_or(mask, std::memory_order_acq_rel) & mask)) wake();
  } else {
    mip_.fetch_and(~mask, std::memory_order_acq_rel);
  }
}

void Hart::write_mip(uint64_t mask, uint64_t value) {
  if (mask & mip_bits::kSEIP) {
    sw_seip_ = value & mip_bits::kSEIP;
    mask &= ~mip_bits::kSEIP;
  }
  uint64_t old = mip_.load(std::memory_order_acquire);
  while (!mip_.compare_exchange_weak(old, (old & ~mask) | (value & mask), std::memory_order_acq_rel)) {
  }
}

void Hart::start(uint64_t start_pc, Priv mode, uint64_t a0, uint64_t a1) {
  {
    std::lock_guard lock(sleep_.mutex);
    sleep_.start_request = {start_pc, mode, a0, a1};
  }
  post_request(kRequestStart);
}

namespace {

// The instruction at pc, disassembled. Only RAM is read: a device register could change when read.
std::string instruction_at_pc(Hart& hart) {
  const auto read_half = [&hart](uint64_t va, uint16_t& half) {
    uint64_t pa;
    return hart.debug_translate(va, Hart::Access::kFetch, pa) && hart.bus().ram().read(pa, &half, 2);
  };
  uint16_t low, high;
  if (!read_half(hart.pc, low)) return "not in RAM";
  uint32_t bits = low;
  if ((bits & 3) == 3) {
    if (!read_half(hart.pc + 2, high)) return "not in RAM";
    bits |= uint32_t{high} << 16;
  }
  std::string text = disassemble(bits, hart.pc);
  std::replace(text.begin(), text.end(), '\t', ' ');
  return text;
}

}  // namespace

std::string Hart::describe(bool stopped_by_debugger) {
  static constexpr const char* kModes[] = {"U", "S", "?", "M"};
  std::string state = halted()              ? "stopped"
                      : stopped_by_debugger ? "stopped by the debugger"
                      : wfi_                ? "waiting for an interrupt"
                                            : "running";
  return fmt::format(
      "hart {}: pc={:#x} {}-mode ({}), {}, {} instructions; mip={:#x} mie={:#x} mstatus={:#x} "
      "satp={:#x} time={} stimecmp={:#x}",
      config_.hartid, pc, kModes[static_cast<int>(priv)], instruction_at_pc(*this), state, instret_, mip(),
      csr.mie, csr.mstatus, csr.satp, clock_.now(), stimecmp_.compare());
}

void Hart::add_timer(TimerCompare& timer) {
  timers_.push_back(&timer);
  timer.on_change([this] { wake(); });
}

}  // namespace microvm::riscv
