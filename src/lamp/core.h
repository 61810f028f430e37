// One Polaris core (spec §1, §4, §5): architectural state, the memory access paths (MMU-aware,
// with a fast path straight into host RAM), the stacks, interrupt entry, and the run loop that one
// host thread executes.
//
// Register fields are 8 bits but only r0-r31 exist; the original indexed past its array (undefined
// behaviour). Here an index is taken modulo 32 (docs/lamp.md).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>

#include "lamp/flags.h"
#include "lamp/layout.h"
#include "lamp/memory.h"
#include "lamp/mmu.h"

namespace microvm::lamp {

class Machine;
class Intc;

// The instruction families are written as functions that must inline into the run loop.
#define LAMP_INLINE [[gnu::always_inline]] inline

// The state every instruction touches, kept in the run loop's locals (registers) and written
// back to the Core only around what needs it there (interrupt entry, the checks, a panic).
//
// Flags are lazy: an instruction records how its result defines ZF/SF/CF/OF (spec §1.2) and the
// flags word is computed only when something reads more than ZF. `flags` holds the last computed
// word (every other bit lives there); for ADD/SUB the second operand follows from a and r.
struct Hot {
  enum Kind : uint32_t { kReady, kLogic, kZs, kAdd, kSub };
  uint32_t ip;
  uint32_t flags;
  uint32_t kind = kReady;
  uint32_t a = 0, r = 0;

  void logic(uint32_t result) {
    kind = kLogic;
    r = result;
  }
  void add(uint32_t x, uint32_t result) {
    kind = kAdd;
    a = x;
    r = result;
  }
  void sub(uint32_t x, uint32_t result) {
    kind = kSub;
    a = x;
    r = result;
  }
  // ZS keeps CF and OF, so the word is computed first.
  void zs(uint32_t result) {
    flags = value();
    kind = kZs;
    r = result;
  }
  uint32_t value() const {
    switch (kind) {
      case kLogic: return flags::logic(flags, r);
      case kZs: return flags::zs(flags, r);
      case kAdd: return flags::add(flags, a, r - a, r);
      case kSub: return flags::sub(flags, a, a - r, r);
      default: return flags;
    }
  }
  // The flags word, computed, for instructions that set bits directly.
  uint32_t& ready() {
    flags = value();
    kind = kReady;
    return flags;
  }
  bool zf() const { return kind == kReady ? (flags & kZF) != 0 : r == 0; }
};

class alignas(64) Core {  // cores on different host threads share no cache line
 public:
  Core(Machine& machine, unsigned id);

  unsigned id() const { return id_; }

  // Sets the power-on state: registers 0, ip = text base, stacks per spec §2.2.
  void reset(uint32_t text_base, uint32_t stack_base);

  // The thread body: waits until released (APs), runs until the machine stops or panics.
  void run();

  // STARTAP from the BSP: (re)start this core at `ip`. Safe from another thread.
  void start_at(uint32_t ip);
  bool released() const { return released_.load(std::memory_order_acquire); }
  // Wakes a parked AP so it can see that the machine is stopping.
  void unpark();

  uint64_t cycles() const { return cycles_.load(std::memory_order_relaxed); }
  const std::array<uint64_t, 256>* stats() const { return stats_.get(); }
  void enable_stats() { stats_ = std::make_unique<std::array<uint64_t, 256>>(); }

  // The panic report (spec §5): message, cycle, IP, nearby instructions and a register dump.
  void print_panic_report(const std::string& message) const;

  // ---- architectural state (public for the instruction families and the debugger) ----
  uint32_t r[32] = {};
  uint32_t ip = 0, last_ip = 0, flags = 0;
  uint32_t csp = kStackSlots, dsp = kStackSlots, isp = kStackSlots;
  uint32_t call_base = 0, data_base = 0, isr_base = 0;
  bool in_interrupt = false;
  bool irq_masked = false;

  void save(const Hot& h) {
    ip = h.ip;
    flags = h.value();
  }
  void restore(Hot& h) const { h = Hot{ip, flags}; }

  // ---- services for the instruction families ----
  Machine& machine() { return machine_; }
  uint32_t load32(uint32_t va) {
    if (!mmu_on_ && mem_.fast32(va)) return ram_load32(host_ + va);
    return load32_slow(va);
  }
  void store32(uint32_t va, uint32_t value) {
    if (!mmu_on_ && mem_.fast32(va)) return ram_store32(host_ + va, value);
    store32_slow(va, value);
  }
  uint8_t load8(uint32_t va) { return !mmu_on_ && mem_.fast8(va) ? ram_load8(host_ + va) : load8_slow(va); }
  void store8(uint32_t va, uint8_t value) {
    if (!mmu_on_ && mem_.fast8(va)) return ram_store8(host_ + va, value);
    store8_slow(va, value);
  }
  // Halfwords are two byte accesses after the alignment check (spec 0x52..0x55, 0x5E, 0x60).
  uint16_t load16(uint32_t va, const char* op);
  void store16(uint32_t va, uint16_t value, const char* op);
  uint64_t load64(uint32_t va) { return load32(va) | uint64_t{load32(va + 4)} << 32; }
  void store64(uint32_t va, uint64_t value) {
    store32(va, static_cast<uint32_t>(value));
    store32(va + 4, static_cast<uint32_t>(value >> 32));
  }
  // The RAM word for an atomic instruction, after the checks of spec §1.3 "Atomics".
  uint32_t* atomic_word(uint32_t va, const char* op);

  void push_call(uint32_t value);
  uint32_t pop_call();
  void push_data(uint32_t value);
  uint32_t pop_data();

  // INT/INTI and hardware delivery (spec §4). False when ignored (vector >= 256, nested, no handler).
  bool enter_interrupt(unsigned vector);
  void iret();

  uint32_t port_in(uint32_t port);
  void port_out(uint32_t port, uint32_t value);

  // Something changed that may make an interrupt deliverable on this core.
  void poke_self();
  // After an MMIO write by this core: the MMU may have been switched.
  void refresh_mmu();

 private:
  template <bool kStats>
  void execute_loop();
  bool service();  // the checks before an instruction when attention is set; false = stop
  uint64_t fetch_slow(uint32_t va);
  uint64_t fetch_checked(uint32_t va);
  uint32_t translate(uint32_t va, unsigned access, const char* what);
  uint32_t load32_slow(uint32_t va);
  void store32_slow(uint32_t va, uint32_t value);
  uint8_t load8_slow(uint32_t va);
  void store8_slow(uint32_t va, uint8_t value);

  Machine& machine_;
  Memory& mem_;
  Intc& intc_;
  const unsigned id_;
  uint8_t* const host_;
  MmuRegs* mmu_regs_;  // nullptr for cores >= 32 (no MMU bank)
  bool mmu_on_ = false;
  // Instructions in [fetch_lo_, fetch_lo_ + fetch_span_ + 8) are read straight from host RAM.
  uint32_t fetch_lo_ = 0, fetch_span_ = 0;
  bool in_fetch_ = false;  // set while fetch_slow runs, for the panic report's last_ip
  std::atomic<uint32_t>* attention_;
  std::atomic<bool> released_{false};
  std::atomic<uint32_t> start_request_{0};
  std::atomic<bool> start_pending_{false};
  std::atomic<uint64_t> cycles_{0};
  std::unique_ptr<std::array<uint64_t, 256>> stats_;
};

}  // namespace microvm::lamp
