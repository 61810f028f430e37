// One Polaris core (spec §1, §4, §5): architectural state, the memory access paths (MMU-aware,
// with a fast path straight into host RAM), the stacks, interrupt entry, and the run loop that one
// host thread executes. Guest faults are recorded, not thrown (see fault()).
//
// Register fields are 8 bits but only r0-r31 exist; the original indexed past its array (undefined
// behaviour). Here an index is taken modulo 32 (docs/lamp.md).
#pragma once

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/debug_control.h"
#include "core/snapshot.h"
#include "lamp/flags.h"
#include "lamp/layout.h"
#include "lamp/memory.h"
#include "lamp/mmu.h"

namespace microvm::lamp {

class Machine;
class Intc;
class Translator;

// The instruction families are written as functions that must inline into the run loop.
#define LAMP_INLINE [[gnu::always_inline]] inline

// ip and the flags word: what every instruction touches, kept in the run loop's locals (host
// registers) and written back to the Core only around what needs them there (interrupt entry, the
// checks between instructions, a fault).
//
// The flags are lazy: an instruction records how its result defines ZF/SF/CF/OF (spec §1.2) and the
// word is computed only when something reads more than ZF. `word` holds the last computed word
// (every other bit lives there); for ADD/SUB the second operand follows from `operand` and `result`.
struct IpAndFlags {
  enum Pending : uint32_t { kComputed, kLogic, kZs, kAdd, kSub };
  uint32_t ip;
  uint32_t word;
  uint32_t pending = kComputed;  // how `result` (and `operand`) still have to change `word`
  uint32_t operand = 0;
  // The last result, and in every state 0 exactly when ZF is set, so that JZ/JNZ (the commonest
  // readers) test one register whatever is pending.
  uint32_t result;

  IpAndFlags(uint32_t ip_, uint32_t word_) : ip(ip_), word(word_), result(zf_result(word_)) {}

  void set_logic(uint32_t r) {
    pending = kLogic;
    result = r;
  }
  void set_add(uint32_t a, uint32_t r) {
    pending = kAdd;
    operand = a;
    result = r;
  }
  void set_sub(uint32_t a, uint32_t r) {
    pending = kSub;
    operand = a;
    result = r;
  }
  // ZS keeps CF and OF, so the word is computed first.
  void set_zs(uint32_t r) {
    word = flags();
    pending = kZs;
    result = r;
  }
  uint32_t flags() const {
    switch (pending) {
      case kLogic: return flags::logic(word, result);
      case kZs: return flags::zs(word, result);
      case kAdd: return flags::add(word, operand, result - operand, result);
      case kSub: return flags::sub(word, operand, operand - result, result);
      default: return word;
    }
  }
  // The flags word, computed, for instructions that set bits directly: set_computed(f) with f
  // from computed() and changed.
  uint32_t computed() const { return flags(); }
  void set_computed(uint32_t f) {
    word = f;
    pending = kComputed;
    result = zf_result(f);
  }
  bool zf() const { return result == 0; }

 private:
  static uint32_t zf_result(uint32_t f) { return (f & kZF) ? 0 : 1; }
};

class alignas(64) Core {  // cores on different host threads share no cache line
 public:
  Core(Machine& machine, unsigned id);
  ~Core();

  unsigned id() const { return id_; }

  // Sets the power-on state: registers 0, ip = text base, stacks per spec §2.2.
  void reset(uint32_t text_base, uint32_t stack_base);

  // The thread body: waits until released (APs), runs until the machine stops or panics.
  void run();

  // STARTAP from the BSP: (re)start this core at `ip`. Safe from another thread.
  void start_at(uint32_t ip);
  bool released() const { return released_.load(std::memory_order_acquire); }
  // Makes this core look at the debugger and the stop requests before its next instruction (any
  // thread), waking it when it waits for STARTAP.
  void wake();

  // The core's state in a snapshot (lamp/snapshot.cpp), taken with the core's thread stopped.
  void save(SnapshotWriter& out) const;
  void load(SnapshotReader& in);
  // For `microvm inspect`: the fields save() wrote, read back.
  struct Summary {
    uint32_t ip = 0, flags = 0;
    bool released = false, in_interrupt = false;
    uint64_t cycles = 0;
  };
  static Summary summarize(SnapshotReader& in);

  uint64_t cycles() const { return cycles_.load(std::memory_order_relaxed); }
  const std::array<uint64_t, 256>* stats() const { return stats_.get(); }
  void enable_stats() { stats_ = std::make_unique<std::array<uint64_t, 256>>(); }
  void enable_translator();
  const Translator* translator() const { return translator_.get(); }

  // The panic report (spec §5): message, cycle, IP, nearby instructions and a register dump.
  void print_panic_report(const std::string& message) const;

  // ---- architectural state (public for the instruction families and the debugger) ----
  uint32_t r[32] = {};
  uint32_t ip = 0, last_ip = 0, flags = 0;
  uint32_t csp = kStackSlots, dsp = kStackSlots, isp = kStackSlots;
  uint32_t call_base = 0, data_base = 0, isr_base = 0;
  bool in_interrupt = false;
  bool irq_masked = false;

  void save(const IpAndFlags& live) {
    ip = live.ip;
    flags = live.flags();
  }
  void restore(IpAndFlags& live) const { live = IpAndFlags(ip, flags); }

  // ---- guest faults (spec §5, "VM panic") ----
  // An access or check that finds a fault records it here and returns false (or nullptr); the
  // instruction returns at once, leaving the state as the original leaves it at its panic, and the
  // run loop, which sees the fault before anything else runs, ends the run with the report. The
  // contract of the RISC-V hart's raise(), with a report instead of a trap: no exceptions.
  template <typename... Args>
  [[gnu::cold, gnu::noinline]] bool fault(fmt::format_string<Args...> format, Args&&... args) {
    fault_ = fmt::format(format, std::forward<Args>(args)...);
    poke_self();
    return false;
  }
  bool faulted() const { return fault_.has_value(); }
  std::string fault_message() const { return fault_.value_or(""); }

  // ---- services for the instruction families; false = a fault was recorded ----
  Machine& machine() { return machine_; }
  [[nodiscard]] bool load32(uint32_t va, uint32_t& value) {
    if (direct_ && mem_.fast32(va)) {
      value = ram_load32(host_ + va);
      return true;
    }
    uint32_t slow_value;  // `value` itself stays out of memory: its address never escapes
    const bool ok = load32_slow(va, slow_value);
    value = slow_value;
    return ok;
  }
  bool store32(uint32_t va, uint32_t value) {
    if (direct_ && mem_.fast32(va)) {
      ram_store32(host_ + va, value);
      return true;
    }
    return store32_slow(va, value);
  }
  [[nodiscard]] bool load8(uint32_t va, uint8_t& value) {
    if (direct_ && mem_.fast8(va)) {
      value = ram_load8(host_ + va);
      return true;
    }
    uint8_t slow_value;
    const bool ok = load8_slow(va, slow_value);
    value = slow_value;
    return ok;
  }
  bool store8(uint32_t va, uint8_t value) {
    if (direct_ && mem_.fast8(va)) {
      ram_store8(host_ + va, value);
      return true;
    }
    return store8_slow(va, value);
  }
  // Halfwords are two byte accesses after the alignment check (spec 0x52..0x55, 0x5E, 0x60).
  [[nodiscard]] bool load16(uint32_t va, const char* op, uint16_t& value);
  bool store16(uint32_t va, uint16_t value, const char* op);
  [[nodiscard]] bool load64(uint32_t va, uint64_t& value) {
    uint32_t lo, hi;
    if (!load32(va, lo) || !load32(va + 4, hi)) return false;
    value = lo | uint64_t{hi} << 32;
    return true;
  }
  bool store64(uint32_t va, uint64_t value) {
    return store32(va, static_cast<uint32_t>(value)) && store32(va + 4, static_cast<uint32_t>(value >> 32));
  }
  // The RAM word for an atomic instruction, after the checks of spec §1.3 "Atomics"; nullptr after a
  // fault.
  uint32_t* atomic_word(uint32_t va, const char* op);

  bool push_call(uint32_t value);
  [[nodiscard]] bool pop_call(uint32_t& value);
  bool push_data(uint32_t value);
  [[nodiscard]] bool pop_data(uint32_t& value);

  // INT/INTI and hardware delivery (spec §4). False when ignored (vector >= 256, nested, no handler)
  // or after a fault (faulted()).
  bool enter_interrupt(unsigned vector);
  bool iret();

  [[nodiscard]] bool port_in(uint32_t port, uint32_t& value);
  bool port_out(uint32_t port, uint32_t value);

  // Something changed that may make an interrupt deliverable on this core.
  void poke_self();
  // After an MMIO write by this core: the MMU may have been switched.
  void refresh_mmu();

 private:
  friend class Translator;  // reads the fetch window, runs blocks on the registers
  template <bool kStats>
  void execute_loop();
  bool service();  // the checks before an instruction when attention is set; false = stop
  bool debug_service(DebugControl& debug);  // the GDB stub's part of service(); false = stop
  void trace_service();                     // --trace's part of service()
  // A GDB watchpoint check on a data access (only while watching_): a hit is reported once the
  // instruction has finished, before the next one (debug_service).
  void watch_access(uint32_t va, unsigned size, bool write);
  void set_watching(bool on);
  void wait_for_start();  // an AP until STARTAP (or the end of the run)
  void report_fault();
  bool fetch_slow(uint32_t va, uint64_t& raw);
  // The instruction at `at` in host RAM, copied into slow_insn_ with relaxed atomic loads (the
  // run loop's fetch under ThreadSanitizer).
  const uint8_t* copy_insn(uint8_t* at) {
    const uint64_t word = ram_load_insn(at);
    std::memcpy(slow_insn_, &word, 8);
    return slow_insn_;
  }
  bool translate(uint32_t va, unsigned access, const char* what, uint32_t& pa);
  bool atomic_address(uint32_t va, const char* op, uint32_t& pa);
  bool load32_slow(uint32_t va, uint32_t& value);
  bool store32_slow(uint32_t va, uint32_t value);
  bool load8_slow(uint32_t va, uint8_t& value);
  bool store8_slow(uint32_t va, uint8_t value);

  Machine& machine_;
  Memory& mem_;
  Intc& intc_;
  const unsigned id_;
  uint8_t* const host_;
  MmuRegs* mmu_regs_;  // nullptr for cores >= 32 (no MMU bank)
  bool mmu_on_ = false;
  bool watching_ = false;  // GDB watchpoints are set: every data access takes the slow path
  bool direct_ = true;     // !mmu_on_ && !watching_: word and byte accesses may go straight to RAM
  std::optional<gdb::StopEvent> watch_hit_;  // the first watchpoint the current instruction hit
  uint8_t slow_insn_[8] = {};  // an instruction fetched by fetch_slow, for the run loop to decode
  // Instructions in [fetch_lo_, fetch_lo_ + fetch_span_ + 8) are read straight from host RAM.
  uint32_t fetch_lo_ = 0, fetch_span_ = 0;
  std::atomic<uint32_t>* attention_;
  std::atomic<bool> released_{false};
  std::atomic<uint32_t> start_request_{0};
  std::atomic<bool> start_pending_{false};
  std::atomic<uint32_t> wake_count_{0};  // bumped to wake a core waiting for STARTAP
  bool stepping_ = false;                // a debugger's single step is under way
  std::atomic<uint64_t> cycles_{0};
  std::unique_ptr<std::array<uint64_t, 256>> stats_;
  std::unique_ptr<Translator> translator_;  // hot loops as host code; null with --jit off
  std::optional<std::string> fault_;        // the panic message, once this core faulted
};

}  // namespace microvm::lamp
