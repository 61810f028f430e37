// One RISC-V hart: RV64IMAFDC + Zicsr/Zifencei/Zicntr, M/S/U privilege, Sv39/48/57, PMP.
//
// The hart holds the architectural state and runs it. Translation caching is owned by units of
// its own: the Tlb (tlb.h) maps a guest page straight to a host pointer, so a RAM access on a
// hit is an add and a load; the DecodedPageCache (decoded_pages.h) holds code decoded once per
// physical page. Everything else (MMIO, faults, page walks, PMP) is the slow path in mmu.cpp.
// How a block runs and counts is the execution contract in exec_common.h. Interrupts, timers
// and stop requests are looked at between blocks, never per instruction.
//
// A hart belongs to one host thread. Other threads touch only its interrupt-pending bits and its
// request flags, both atomic, and wake it from WFI.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/bus.h"
#include "core/clock.h"
#include "core/debug_control.h"
#include "core/run_control.h"
#include "core/snapshot.h"
#include "core/timer.h"
#include "riscv/block_count.h"
#include "riscv/dead_end.h"
#include "riscv/decoded_pages.h"
#include "riscv/extensions.h"
#include "riscv/hart_debug.h"
#include "riscv/hart_sleep.h"
#include "riscv/hart_trace.h"
#include "riscv/insn.h"
#include "riscv/isa.h"
#include "riscv/jit/jit.h"
#include "riscv/pmp.h"
#include "riscv/reservations.h"
#include "riscv/tlb.h"
#include "riscv/triggers.h"
#include "riscv/vector/state.h"

namespace microvm::riscv {

class Semihosting;
class Tracer;
struct HartProfile;
class HartTimeline;

// How handlers end (exec_common.h); declared here so that Hart can befriend them. Len: the
// instruction's length when the handler is made for one, 0 to read it from the slot.
template <unsigned Len = 0>
void next_insn(Hart& h, const Insn& i);
template <unsigned Len = 0>
void next_insn_unless_ended(Hart& h, const Insn& i);

// M-mode firmware implemented in C++ (the built-in SBI). It sees ecalls from S-mode before
// they trap (returning false lets the ecall trap as usual), and hears of any trap that reaches
// M-mode, where there is no guest code to take it.
class Firmware {
 public:
  virtual ~Firmware() = default;
  virtual bool handle_ecall(Hart& hart) = 0;
  virtual void machine_trap(Hart& hart, uint64_t mcause, uint64_t mtval) = 0;
};

struct HartConfig {
  unsigned hartid = 0;
  uint64_t reset_pc = 0x8000'0000;
  uint64_t insn_limit = 0;      // 0: none; --max-insns
  Isa isa = Isa::all();         // --cpu
  JitMode jit = JitMode::kOff;  // --jit, --jit-audit
  // Entries before the translator takes a block; 0: MICROVM_JIT_HOT, else jit::kHotEntries.
  unsigned jit_hot = 0;
  // Spin a while in WFI before blocking (HaltPoll, hart_sleep.h): when each hart has a host core.
  bool halt_poll = false;
};

struct Csrs {
  uint64_t mstatus = 0;
  uint64_t misa = 0;
  uint64_t medeleg = 0, mideleg = 0;
  uint64_t mie = 0;
  uint64_t mtvec = 0, stvec = 0;
  uint64_t mcounteren = 0, scounteren = 0;
  uint64_t menvcfg = 0, senvcfg = 0;
  uint64_t mcountinhibit = 0;  // bits 3..31 (CY and IR always count)
  uint64_t mscratch = 0, sscratch = 0;
  uint64_t mepc = 0, sepc = 0;
  uint64_t mcause = 0, scause = 0;
  uint64_t mtval = 0, stval = 0;
  uint64_t satp = 0;
  // The counters are the hart's own count of retired instructions plus what guest writes added,
  // so a write never moves the count that --max-insns and the timer polls go by.
  uint64_t cycle_offset = 0;    // mcycle = instret_ + cycle_offset
  uint64_t instret_offset = 0;  // minstret = instret_ + instret_offset
  uint32_t fflags = 0, frm = 0;
  // mhpmcounter3..31 (hpm.cpp): a counting counter is instret_ + offset, a stopped one `frozen`;
  // `last` is its value at the last overflow check.
  struct HpmCounter {
    uint64_t event = 0;  // mhpmevent
    uint64_t offset = 0, frozen = 0, last = 0;
  };
  std::array<HpmCounter, hpm::kCounters> hpm{};
};

class Hart {
 public:
  static constexpr uint64_t kPageMask = Tlb::kPageMask;
  using Access = riscv::Access;

  Hart(const HartConfig& config, Bus& bus, Clock& clock, RunControl& run_control, Reservations& reservations);
  ~Hart();
  Hart(const Hart&) = delete;
  Hart& operator=(const Hart&) = delete;

  // --- Architectural state (handlers read and write these directly) ---
  uint64_t x[33] = {};  // x[32]: where writes to x0 go
  uint64_t f[32] = {};
  uint64_t pc = 0;
  Priv priv = Priv::M;
  Csrs csr;
  VectorState vec;  // V (riscv/vector/)

  unsigned hartid() const { return config_.hartid; }
  // The extensions this hart implements (--cpu).
  const Isa& isa() const { return config_.isa; }
  // One line on where the hart is and what it waits for (for a run stopped from outside).
  std::string describe(bool stopped_by_debugger = false);
  // Instructions retired so far, whatever the guest wrote to minstret (between blocks; inside a
  // handler see instret_now()).
  uint64_t instret() const { return instret_; }
  // Inside a handler: instructions retired before the one executing.
  uint64_t instret_now() const { return instret_ + block_.retired() - 1; }

  // --- Run control ---
  // Runs up to `budget` instructions (fewer when the hart waits in WFI or a stop is requested).
  void run_for(uint64_t budget);
  // The hart's host thread: runs until a stop is requested, sleeping while in WFI.
  void run_thread();
  // Runs one decoded instruction that is not in a decoded page (a slow-path fetch, a test).
  void execute_alone(const Insn& insn);
  bool waiting_for_interrupt() const { return wfi_; }
  void reset(uint64_t pc);
  // Drops every translated block (the translator's cache); whoever drops decoded pages calls it.
  void forget_translations();

  // --- Platform wiring ---
  // Sets or clears a mip bit driven by hardware (MSIP, MTIP, MEIP, SEIP); any thread.
  void set_interrupt_pending(unsigned bit, bool level);
  void add_timer(TimerCompare& timer);
  // Compares every timer with the clock now (a deterministic scheduler does this for a waiting
  // hart, which runs no instructions to do it itself).
  void poll_timers();
  // The earliest timer deadline still ahead of `now`, or ~0 (for idle-time skipping).
  uint64_t next_deadline(uint64_t now) const;
  void set_firmware(Firmware* firmware) { firmware_ = firmware; }
  Firmware* firmware() const { return firmware_; }
  // Who answers semihosting ebreaks (riscv/semihosting.h); null: an ebreak is a breakpoint.
  void set_semihosting(Semihosting* semihosting) { semihosting_ = semihosting; }
  Semihosting* semihosting() const { return semihosting_; }
  void wake();
  // Work another hart asks of this one, done at its next block boundary.
  enum Request : uint32_t { kRequestFlushTlb = 1, kRequestVerifyCode = 2, kRequestStart = 4 };
  void post_request(uint32_t request);
  // Serves this hart's pending requests now (a hart waiting inside the firmware must).
  void serve_requests() {
    if (requests_.load(std::memory_order_acquire)) service_requests();
  }
  // True once every request posted so far has been served (for synchronous remote fences).
  bool requests_served() const { return requests_.load(std::memory_order_acquire) == 0; }

  // A halted hart does nothing until start() (SBI HSM, or a hart the firmware keeps parked).
  // start() may be called from any thread; the hart applies it on its own thread: it resumes
  // at `pc` in `mode` with a0/a1 set, translation off and interrupts disabled.
  void start(uint64_t pc, Priv mode, uint64_t a0, uint64_t a1);
  void halt() {
    halted_.store(true, std::memory_order_release);
    end_block();
  }
  bool halted() const { return halted_.load(std::memory_order_acquire); }

  // SBI HSM suspend: wait for an interrupt as WFI does, then call `on_wake` on this hart's thread.
  void suspend(std::function<void(Hart&)> on_wake) {
    sleep_.on_wake = std::move(on_wake);
    do_wfi();
  }

  // Sstc's stimecmp, also what the built-in SBI's set_timer programs.
  TimerCompare& stimecmp() { return stimecmp_; }

  // --- Used by instruction handlers ---
  template <typename T>
  bool load(uint64_t va, T& out);
  template <typename T>
  bool store(uint64_t va, T value);
  // The TLB-hit paths alone: false means a miss, and nothing happened (take load()/store()).
  template <typename T>
  bool load_fast(uint64_t va, T& out);
  template <typename T>
  bool store_fast(uint64_t va, T value);
  // The host address of `va` when the read TLB maps its page (plain RAM, the whole page readable
  // at this privilege: what a fill requires); else nullptr.
  const uint8_t* read_fast(uint64_t va) const {
    const TlbEntry& e = tlb_.data().read[Tlb::index(va)];
    return e.hit<uint8_t>(va) ? reinterpret_cast<const uint8_t*>(e.addend + va) : nullptr;
  }
  // The same for writes; a caller that writes there calls after_atomic_store afterwards.
  uint8_t* write_fast(uint64_t va) {
    const TlbEntry& e = tlb_.data().write[Tlb::index(va)];
    return e.hit<uint8_t>(va) ? reinterpret_cast<uint8_t*>(e.addend + va) : nullptr;
  }
  // Where an atomic (LR, SC, AMO) of `size` aligned bytes at `va` goes: RAM (host), a device
  // (host == nullptr, pa), or nowhere because it trapped (ok == false).
  struct AmoTarget {
    uint8_t* host = nullptr;
    uint64_t pa = 0;
    bool ok = false;
  };
  AmoTarget amo_target(uint64_t va, unsigned size, Access access);
  // The host pointer for an aligned atomic at `va` when the TLB already maps it; else nullptr.
  uint8_t* atomic_fast(uint64_t va, Access access) {
    const TlbEntry& e = (access == Access::kRead ? tlb_.data().read : tlb_.data().write)[Tlb::index(va)];
    return e.tag == (va & ~0xFFFull) ? reinterpret_cast<uint8_t*>(e.addend + va) : nullptr;
  }
  uint64_t ram_address(const uint8_t* host) const { return ram_.base() + (host - ram_.host()); }
  // The last LR: what SC pairs with.
  struct LoadReserved {
    uint64_t pa = ~0ull;
    uint64_t value = 0;
    unsigned size = 0;
  };
  LoadReserved lr;
  // After an atomic wrote RAM at `host`: the same bookkeeping as a store.
  void after_atomic_store(uint8_t* host, unsigned size) {
    if (ram_.page_flags(ram_.base() + (host - ram_.host())).load(std::memory_order_relaxed)) {
      after_special_store(reinterpret_cast<uintptr_t>(host), size);
    }
  }
  bool mmio_read(uint64_t pa, unsigned size, uint64_t& value);
  bool mmio_write(uint64_t pa, unsigned size, uint64_t value);

  void raise(Exception cause, uint64_t tval);
  void raise_illegal(const Insn& insn);  // tval = the instruction bits
  // While held, an exception is not taken: raise() only notes it (a fault-only-first vector
  // load asks whether an element would fault).
  void hold_traps(bool on) {
    hold_traps_ = on;
    trap_held_ = false;
  }
  // Ends the current block after this instruction (privilege, translation or code changed).
  void end_block() {
    exit_block_ = true;
    block_.stop();
  }

  // How a handler ends (the execution contract, exec_common.h): run the next instruction of the
  // block, if the block goes on. Blocks are chains of tail calls, bounded by the block budget.
  friend void dispatch(Hart& h, const Insn& next);
  friend void jump_to(Hart& h, uint64_t target);
  template <unsigned Len>
  friend void next_insn(Hart& h, const Insn& i);
  template <unsigned Len>
  friend void next_insn_unless_ended(Hart& h, const Insn& i);

  bool csr_read(uint16_t number, uint64_t& value);
  bool csr_write(uint16_t number, uint64_t value);
  // csr_write's parts: the write itself, and whether the running block may go on after it.
  bool write_csr(uint16_t number, uint64_t value);
  bool block_goes_on_after_write(uint16_t number) const;
  // What CSRRS/CSRRC combine their operand with, given what csr_read returned: the same value,
  // except that mip.SEIP counts only its software-written bit (privileged spec 3.1.9).
  uint64_t csr_rmw_base(uint16_t number, uint64_t read_value) const;
  bool csr_read_only(uint16_t number) const { return (number >> 10) == 3; }
  // vstart, vxsat, vxrm, vcsr, vl, vtype, vlenb (csr.cpp).
  bool vector_csr(uint16_t number, uint64_t& value, bool write);
  bool stimecmp_accessible() const;
  // Without C, instructions are 4-byte aligned (IALIGN = 32): xepc bit 1 reads as zero.
  uint64_t epc_mask() const { return config_.isa.has(Ext::kC) ? ~0ull : ~3ull; }

  // Zihpm/Sscofpmf counters (hpm.cpp), for CSR instructions and the SBI PMU: the value counter
  // 3..31 has for the instruction executing, and changes that take effect for the next one.
  uint64_t hpm_value(unsigned counter) const;
  void set_hpm_value(unsigned counter, uint64_t value);
  void set_hpm_event(unsigned counter, uint64_t event);
  void set_mcountinhibit(uint64_t value);
  uint64_t scountovf() const;
  // Between blocks: sets OF and raises LCOFI for counters that wrapped since the last look.
  void poll_hpm_overflow();
  void note_hpm_value(unsigned counter, uint64_t value);
  // After a privilege change (update_contexts): stops and starts counters by their mode bits.
  void hpm_follow_mode();

  void do_mret();
  void do_sret();
  void do_wfi();
  void do_ecall();
  void do_fence_i();
  // Returns whether the running block may go on (the flush left its page's mapping alone).
  bool do_sfence_vma(uint64_t va, uint64_t asid, bool all_va, bool all_asid);

  Reservations& reservations() { return reservations_; }
  Bus& bus() { return bus_; }
  Clock& clock() { return clock_; }
  RunControl& run_control() { return run_control_; }
  // mip as the hart sees it: hardware-driven bits plus the software-written SEIP.
  uint64_t mip() const { return mip_.load(std::memory_order_acquire) | (sw_seip_ ? mip_bits::kSEIP : 0); }
  void write_mip(uint64_t mask, uint64_t value);

  // Whether a load or a store could reach `va` now, without side effects (for cache-block ops).
  enum class Probe { kOk, kPageFault, kAccessFault };
  Probe probe_data_access(uint64_t va);

  // Translation for debuggers and the monitor: no side effects (no A/D updates, no traps).
  bool debug_translate(uint64_t va, Access access, uint64_t& pa);

  // --- Debugger (hart_debug.cpp) ---
  // A debugger's run control; nullptr (the default) costs one test per block.
  void set_exact_turns(bool on);
  // Forgets TLBs and decoded code (after a snapshot load rewrote RAM under them).
  void drop_cached_code();
  void set_debug(DebugControl* debug) {
    debug_.control = debug;
    if (!debug) update_debug_checks();  // the debugger is gone: so are its breakpoints
  }
  // CSR access for a debugger: any CSR the hart has, whatever the privilege mode.
  bool debug_csr_read(uint16_t number, uint64_t& value);
  bool debug_csr_write(uint16_t number, uint64_t value);
  // The valid TLB entries, one per line (the monitor's `info tlb`).
  std::string describe_tlb() const;
  // After a debugger changed translation state (satp, priv) or memory watch state; and at time
  // travel's checkpoints, whose restored runs start with empty TLBs.
  void debug_state_changed();
  // The instruction trace (riscv/trace.h); nullptr: none. Set before the hart runs.
  void set_tracer(Tracer* tracer) {
    trace_.tracer = tracer;
    update_debug_checks();
  }
  Tracer* tracer() const { return trace_.tracer; }
  // Where the profile of this hart goes (riscv/profile.h); nullptr: no profile.
  void set_profile(HartProfile* profile) { profile_ = profile; }
  // Where this hart's timeline goes (riscv/timeline.h); nullptr: none. Set before the hart runs.
  void set_timeline(HartTimeline* timeline) { timeline_ = timeline; }
  HartTimeline* timeline() const { return timeline_; }
  // Who hears of dead ends (riscv/dead_end.h); nullptr: nobody looks for them.
  void set_dead_ends(DeadEnds* dead_ends) { dead_end_.sink = dead_ends; }
  const Triggers& triggers() const { return triggers_; }

  // The raw instruction bits of the current instruction, for illegal-instruction mtval.
  uint32_t current_insn_bits(const Insn& insn);

  // Snapshots (riscv/hart_snapshot.cpp): architectural state, timers, interrupt bits, the LR
  // reservation, HSM requests. Only while the hart does not run; load() empties its caches.
  void save(SnapshotWriter& out);
  void load(SnapshotReader& in);
  void save_vector(SnapshotWriter& out) const;  // with V: the "vector.<hart>" section
  void load_vector(SnapshotReader& in);
  void load_triggers(SnapshotReader& in);  // the "triggers.<hart>" section, when a guest programmed them

 private:
  friend struct JitHooks;  // the translator (riscv/jit/) reads and runs the hart's internals
  template <typename T>
  static T host_load(uintptr_t p);
  template <typename T>
  static void host_store(uintptr_t p, T value);

  // mmu.cpp
  // The slow paths leave a loaded value in slow_value_ rather than write through a pointer, so
  // the handlers that call them keep no local whose address escapes (and stay tail calls).
  bool load_slow(uint64_t va, unsigned size);
  bool store_slow(uint64_t va, uint64_t value, unsigned size);
  uint64_t slow_value_ = 0;
  void after_special_store(uintptr_t host, unsigned size);
  // Translates and checks PMP; on failure raises the exception and returns false.
  bool translate(uint64_t va, Access access, Priv effective, uint64_t& pa, bool& cacheable);
  int walk(uint64_t va, Access access, Priv effective, uint64_t& pa, bool update_ad);
  // Both pages of an access that crosses a page boundary `split` bytes in, checked before any byte.
  bool translate_halves(uint64_t va, unsigned size, uint64_t split, Access access, Priv effective,
                        uint64_t pa[2]);
  Priv data_priv() const;
  void update_contexts();
  // Sets direct_limit_ for the data context update_contexts selected (see there).
  void update_direct_ram(Priv data);

  // execute.cpp
  // Runs up to `budget` instructions; `exact` never runs past it (one at a time, or under exact
  // turns translated blocks that fit: to stop exactly at a limit, or to single-step). Returns the
  // instruction slots it used.
  uint64_t run_block(uint64_t budget, bool exact);
  void step(DecodedPage& page, size_t index);
  unsigned run_exactly(DecodedPage& page, size_t index, unsigned most);
  bool decode_in_place(DecodedPage& page, size_t index);
  DecodedPage* enter_page();
  void execute_uncached();  // the caller counted the instruction
  bool fetch_slow(uint64_t va, uint16_t& half);
  static void decode_slot(Hart& hart, const Insn& slot);
  static void leave_page(Hart& hart, const Insn& slot);
  void service_requests();
  void sleep_until_interrupt();
  // Whether a hart in WFI (or halted) has something to do, or the run is stopping.
  bool wake_due() const;
  // Spins up to `window` for wake_due() (HaltPoll, hart_sleep.h); true when it came.
  bool spin_for_wake(std::chrono::nanoseconds window);
  void poll_timers_at(uint64_t now);

  // hart_debug.cpp
  void debug_park();
  // Deterministic runs: parks inside the turn; returns the instructions a step retired.
  bool debug_park_in_turn(uint64_t& budget);
  void stop_at_insn_limit();
  void sample_stack();  // --profile-folded (profile.h)
  bool debug_turn_starts(uint64_t& budget);
  bool debug_turn_action(gdb::ResumeAction action, uint64_t& budget);
  void debug_step();
  uint64_t run_checked(uint64_t budget);
  // False when a trigger fired on the access (the breakpoint exception is taken; no access).
  bool debug_access(uint64_t va, unsigned size, bool write);
  bool debug_unmapped(uint64_t va) const {
    return debug_.checks && (debug_.slow_data || (debug_.control && debug_.control->page_watched(va)));
  }
  // debug_.checks and debug_.slow_data from the debugger, the triggers and the trace.
  void update_debug_checks();
  uint64_t trace_one();
  void trace_store(uint64_t va, uint64_t value, unsigned size);
  void trace_trap(uint64_t cause, uint64_t tval, bool interrupt, uint64_t epc);

  // trap.cpp
  bool take_pending_interrupt();
  void take_trap(uint64_t cause, uint64_t tval, bool interrupt);
  void note_exception(uint64_t cause, uint64_t epc, uint64_t tval);
  void check_stuck();

  HartConfig config_;
  Bus& bus_;
  Ram& ram_;
  Clock& clock_;
  RunControl& run_control_;
  Reservations& reservations_;
  Firmware* firmware_ = nullptr;
  Semihosting* semihosting_ = nullptr;
  Pmp pmp_;
  bool exact_blocks_;  // every block one instruction at a time (MICROVM_EXACT_BLOCKS=1)

  uint64_t instret_ = 0;
  // The privilege mode the hpm counters' offsets and frozen values were last set for (hpm.cpp).
  Priv hpm_mode_ = Priv::M;
  // The running block: its count, and the decoded page and virtual page it runs from (for jumps
  // that stay on the page).
  BlockCount block_;
  const Insn* block_insns_ = nullptr;
  uint64_t block_page_va_ = 0;
  // Translated code may address RAM directly, without the TLB, at offsets below this (0: not
  // now): M-mode data accesses (no translation) while PMP lets M-mode read and write all of RAM
  // and no device sits inside it. Stores still look at the page's flags afterwards.
  uint64_t direct_limit_ = 0;
  bool exit_block_ = false;
  bool wfi_ = false;
  bool hold_traps_ = false;
  bool trap_held_ = false;

  std::atomic<uint64_t> mip_{0};  // MSIP/MTIP/MEIP/SEIP from devices, SSIP/STIP from software
  bool sw_seip_ = false;          // SEIP as written by M-mode software, ORed with the PLIC's
  std::vector<TimerCompare*> timers_;
  uint64_t next_timer_poll_ = 0;

  Tlb tlb_;
  DecodedPageCache decoded_;
  DecodedPage* current_page_ = nullptr;
  std::unique_ptr<jit::Jit> jit_;  // null: interpret only

  HartSleep sleep_;
  std::atomic<uint32_t> requests_{0};
  std::atomic<bool> halted_{false};
  TimerCompare stimecmp_;

  HartDebug debug_;
  Triggers triggers_;
  HartTrace trace_;
  HartProfile* profile_ = nullptr;
  HartTimeline* timeline_ = nullptr;
  DeadEndWatch dead_end_;
};

// ---------------------------------------------------------------------------------------------
// Fast paths, inline: a TLB hit is a compare, an add and a host access.

// Host accesses: atomic_ref keeps concurrent accesses from other harts well-defined; on x86-64 an
// aligned relaxed atomic is a plain mov. Misaligned ones (only from the slow path) use memcpy.
template <typename T>
inline T Hart::host_load(uintptr_t p) {
  if ((p & (sizeof(T) - 1)) == 0)
    return std::atomic_ref<T>(*reinterpret_cast<T*>(p)).load(std::memory_order_relaxed);
  T value;
  std::memcpy(&value, reinterpret_cast<const void*>(p), sizeof(T));
  return value;
}

template <typename T>
inline void Hart::host_store(uintptr_t p, T value) {
  if ((p & (sizeof(T) - 1)) == 0) {
    std::atomic_ref<T>(*reinterpret_cast<T*>(p)).store(value, std::memory_order_relaxed);
  } else {
    std::memcpy(reinterpret_cast<void*>(p), &value, sizeof(T));
  }
}

template <typename T>
inline bool Hart::load_fast(uint64_t va, T& out) {
  const TlbEntry& e = tlb_.data().read[Tlb::index(va)];
  if (!e.hit<T>(va)) [[unlikely]]
    return false;
  out = std::atomic_ref<T>(*reinterpret_cast<T*>(e.addend + va)).load(std::memory_order_relaxed);
  return true;
}

template <typename T>
inline bool Hart::load(uint64_t va, T& out) {
  if (load_fast<T>(va, out)) [[likely]]
    return true;
  if (!load_slow(va, sizeof(T))) return false;
  out = static_cast<T>(slow_value_);
  return true;
}

template <typename T>
inline bool Hart::store_fast(uint64_t va, T value) {
  const unsigned index = Tlb::index(va);
  Tlb::Set* set = &tlb_.data();
  const TlbEntry& e = set->write[index];
  if (!e.hit<T>(va)) [[unlikely]]
    return false;
  // Everything the check needs is read before the store: the compiler may not move loads of
  // hart state across an atomic store, so reading them after it would cost reloads.
  std::atomic<uint32_t>* flags = set->write_flags[index];
  const uintptr_t p = e.addend + va;
  std::atomic_ref<T>(*reinterpret_cast<T*>(p)).store(value, std::memory_order_relaxed);
  // Store first, then look: a page that gained code or a reservation since is seen here.
  if (flags->load(std::memory_order_relaxed)) [[unlikely]]
    after_special_store(p, sizeof(T));
  return true;
}

template <typename T>
inline bool Hart::store(uint64_t va, T value) {
  if (store_fast<T>(va, value)) [[likely]]
    return true;
  return store_slow(va, value, sizeof(T));
}

}  // namespace microvm::riscv
