// One RISC-V hart: RV64IMAC + Zicsr/Zifencei/Zicntr, M/S/U privilege, Sv39/48/57, PMP.
//
// The hot path: instructions are decoded once per physical page into DecodedPage slots and run
// from there; loads and stores go through per-privilege TLBs that map a guest page straight to
// a host pointer, so a RAM access on a hit is an add and a load. Everything else (MMIO, faults,
// page walks, PMP) is the slow path in mmu.cpp. Interrupts, timers and stop requests are looked
// at between blocks, never per instruction.
//
// A hart belongs to one host thread. Other threads touch only its interrupt-pending bits and its
// request flags, both atomic, and wake it from WFI.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/bus.h"
#include "core/clock.h"
#include "core/run_control.h"
#include "core/timer.h"
#include "riscv/insn.h"
#include "riscv/isa.h"
#include "riscv/pmp.h"
#include "riscv/reservations.h"

namespace microvm::riscv {

// The built-in SBI (or any other M-mode service the board implements in C++) sees ecalls from
// S-mode before they trap; returning false lets the ecall trap as usual.
class EcallHandler {
 public:
  virtual ~EcallHandler() = default;
  virtual bool handle_ecall(Hart& hart) = 0;
};

struct HartConfig {
  unsigned hartid = 0;
  uint64_t reset_pc = 0x8000'0000;
  uint64_t insn_limit = 0;  // 0: none; --max-insns
};

struct TlbEntry {
  static constexpr uint64_t kInvalid = ~0ull;
  uint64_t vpn = kInvalid;
  uintptr_t addend = 0;  // host address minus guest virtual address
  void* aux = nullptr;   // write TLB: the page's Ram flags word; fetch TLB: its DecodedPage
};

struct Csrs {
  uint64_t mstatus = 0;
  uint64_t misa = 0;
  uint64_t medeleg = 0, mideleg = 0;
  uint64_t mie = 0;
  uint64_t mtvec = 0, stvec = 0;
  uint64_t mcounteren = 0, scounteren = 0;
  uint64_t menvcfg = 0, senvcfg = 0;
  uint64_t mcountinhibit = 0;
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
};

class Hart {
 public:
  static constexpr unsigned kTlbSize = 256;
  static constexpr uint64_t kPageMask = 0xFFF;

  enum class Access : uint8_t { kRead, kWrite, kFetch };

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

  unsigned hartid() const { return config_.hartid; }
  // Instructions retired since reset, whatever the guest wrote to minstret.
  uint64_t instret() const { return instret_; }

  // --- Run control ---
  // Runs up to `budget` instructions (fewer when the hart waits in WFI or a stop is requested).
  void run_for(uint64_t budget);
  // The hart's host thread: runs until a stop is requested, sleeping while in WFI.
  void run_thread();
  bool waiting_for_interrupt() const { return wfi_; }
  void reset(uint64_t pc);

  // --- Platform wiring ---
  // Sets or clears a mip bit driven by hardware (MSIP, MTIP, MEIP, SEIP); any thread.
  void set_interrupt_pending(unsigned bit, bool level);
  void add_timer(TimerCompare& timer);
  void set_ecall_handler(EcallHandler* handler) { ecall_handler_ = handler; }
  void wake();
  // Work another hart asks of this one, done at its next block boundary.
  enum Request : uint32_t { kRequestFlushTlb = 1, kRequestVerifyCode = 2 };
  void post_request(uint32_t request);

  // --- Used by instruction handlers ---
  template <typename T>
  bool load(uint64_t va, T& out);
  template <typename T>
  bool store(uint64_t va, T value);
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
    const TlbEntry& e = (access == Access::kRead ? data_tlb_->read : data_tlb_->write)[tlb_index(va)];
    return e.vpn == (va >> 12) ? reinterpret_cast<uint8_t*>(e.addend + va) : nullptr;
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
  // Ends the current block after this instruction (privilege, translation or code changed).
  void end_block() { exit_block_ = true; }

  bool csr_read(uint16_t number, uint64_t& value);
  bool csr_write(uint16_t number, uint64_t value);
  // What CSRRS/CSRRC combine their operand with, given what csr_read returned: the same value,
  // except that mip.SEIP counts only its software-written bit (privileged spec 3.1.9).
  uint64_t csr_rmw_base(uint16_t number, uint64_t read_value) const;
  bool csr_read_only(uint16_t number) const { return (number >> 10) == 3; }

  void do_mret();
  void do_sret();
  void do_wfi();
  void do_ecall();
  void do_fence_i();
  void do_sfence_vma(uint64_t va, uint64_t asid, bool all_va, bool all_asid);

  Reservations& reservations() { return reservations_; }
  Bus& bus() { return bus_; }
  Clock& clock() { return clock_; }
  RunControl& run_control() { return run_control_; }
  // mip as the hart sees it: hardware-driven bits plus the software-written SEIP.
  uint64_t mip() const { return mip_.load(std::memory_order_acquire) | (sw_seip_ ? mip_bits::kSEIP : 0); }
  void write_mip(uint64_t mask, uint64_t value);

  // Translation for debuggers and the monitor: no side effects (no A/D updates, no traps).
  bool debug_translate(uint64_t va, Access access, uint64_t& pa);

  // The raw instruction bits of the current instruction, for illegal-instruction mtval.
  uint32_t current_insn_bits(const Insn& insn);

 private:
  struct TlbSet {
    TlbEntry read[kTlbSize];
    TlbEntry write[kTlbSize];
    TlbEntry fetch[kTlbSize];
  };
  enum TlbContext { kCtxU = 0, kCtxS = 1, kCtxSum = 2, kCtxM = 3 };

  static unsigned tlb_index(uint64_t va) { return (va >> 12) & (kTlbSize - 1); }

  template <typename T>
  static T host_load(uintptr_t p);
  template <typename T>
  static void host_store(uintptr_t p, T value);

  // mmu.cpp
  bool load_slow(uint64_t va, void* out, unsigned size);
  bool store_slow(uint64_t va, const void* in, unsigned size);
  void after_special_store(uintptr_t host, unsigned size);
  // Translates and checks PMP; on failure raises the exception and returns false.
  bool translate(uint64_t va, Access access, Priv effective, uint64_t& pa, bool& cacheable);
  int walk(uint64_t va, Access access, Priv effective, uint64_t& pa, bool update_ad);
  void fill_tlb(TlbEntry& entry, uint64_t va, uint64_t pa, Access access);
  Priv data_priv() const;
  void update_contexts();
  void flush_tlb_all();
  void flush_tlb_translated();
  void flush_tlb_page(uint64_t va);
  void note_superpage(uint64_t va, int level);

  // execute.cpp
  uint64_t run_block(uint64_t budget);  // returns the instruction slots it used
  DecodedPage* enter_page();
  DecodedPage* decoded_page(uint64_t pa, uint8_t* host);
  void execute_uncached();
  bool fetch_slow(uint64_t va, uint16_t& half);
  static void decode_slot(Hart& hart, const Insn& slot);
  void service_requests();
  void poll_timers();
  void sleep_until_interrupt();

  // trap.cpp
  bool take_pending_interrupt();
  void take_trap(uint64_t cause, uint64_t tval, bool interrupt);

  HartConfig config_;
  Bus& bus_;
  Ram& ram_;
  Clock& clock_;
  RunControl& run_control_;
  Reservations& reservations_;
  EcallHandler* ecall_handler_ = nullptr;
  Pmp pmp_;

  uint64_t instret_ = 0;
  bool exit_block_ = false;
  bool wfi_ = false;

  std::atomic<uint64_t> mip_{0};  // MSIP/MTIP/MEIP/SEIP from devices, SSIP/STIP from software
  bool sw_seip_ = false;            // SEIP as written by M-mode software, ORed with the PLIC's
  std::vector<TimerCompare*> timers_;
  uint64_t next_timer_poll_ = 0;

  std::unique_ptr<TlbSet[]> tlbs_;
  // Superpages whose pages the TLBs may hold since the last full flush (see flush_tlb_page).
  struct SuperpageRange {
    uint64_t first_vpn;
    int level;
  };
  std::vector<SuperpageRange> superpages_;
  bool superpages_overflow_ = false;  // too many to list: assume any address may be in one
  TlbSet* data_tlb_ = nullptr;
  TlbSet* fetch_tlb_ = nullptr;

  std::unordered_map<uint64_t, std::unique_ptr<DecodedPage>> pages_;
  DecodedPage* current_page_ = nullptr;

  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
  std::atomic<bool> wake_requested_{false};
  std::atomic<uint32_t> requests_{0};
};

// ---------------------------------------------------------------------------------------------
// Fast paths, inline: a TLB hit is a compare, an add and a host access.

template <typename T>
inline T Hart::host_load(uintptr_t p) {
  T value;
  if ((p & (sizeof(T) - 1)) == 0) [[likely]] {
    // atomic_ref keeps concurrent accesses from other harts well-defined; on x86-64 it is a plain mov.
    value = std::atomic_ref<T>(*reinterpret_cast<T*>(p)).load(std::memory_order_relaxed);
  } else {
    std::memcpy(&value, reinterpret_cast<const void*>(p), sizeof(T));
  }
  return value;
}

template <typename T>
inline void Hart::host_store(uintptr_t p, T value) {
  if ((p & (sizeof(T) - 1)) == 0) [[likely]] {
    std::atomic_ref<T>(*reinterpret_cast<T*>(p)).store(value, std::memory_order_relaxed);
  } else {
    std::memcpy(reinterpret_cast<void*>(p), &value, sizeof(T));
  }
}

template <typename T>
inline bool Hart::load(uint64_t va, T& out) {
  const TlbEntry& e = data_tlb_->read[tlb_index(va)];
  if (e.vpn == (va >> 12) && (va & kPageMask) <= 4096 - sizeof(T)) [[likely]] {
    out = host_load<T>(e.addend + va);
    return true;
  }
  return load_slow(va, &out, sizeof(T));
}

template <typename T>
inline bool Hart::store(uint64_t va, T value) {
  const TlbEntry& e = data_tlb_->write[tlb_index(va)];
  if (e.vpn == (va >> 12) && (va & kPageMask) <= 4096 - sizeof(T)) [[likely]] {
    const uintptr_t p = e.addend + va;
    host_store<T>(p, value);
    // Store first, then look: a page that gained code or a reservation since is seen here.
    if (static_cast<std::atomic<uint32_t>*>(e.aux)->load(std::memory_order_relaxed)) [[unlikely]] {
      after_special_store(p, sizeof(T));
    }
    return true;
  }
  return store_slow(va, &value, sizeof(T));
}

}  // namespace microvm::riscv
