// The lamp board (spec §2-§6): RAM and the devices in the original's registration order, the
// cores (one host thread each), the loader's vm_create steps, and how a run ends.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/run_control.h"
#include "lamp/core.h"
#include "lamp/disk.h"
#include "lamp/framebuffer.h"
#include "lamp/intc.h"
#include "lamp/io_ports.h"
#include "lamp/iommu.h"
#include "lamp/memory.h"
#include "lamp/mmu.h"
#include "lamp/program.h"
#include "lamp/sysinfo.h"
#include "lamp/time_device.h"

namespace microvm::lamp {

class Debugger;
class Tracer;

struct MachineConfig {
  unsigned smp = 1;
  bool stats = false;
  // Translate hot loops to host code (lamp/translator.h) where the build can.
  bool jit = true;
  // Disk image: empty = none (microvm lamp without --disk). create_disk: the original's behaviour
  // of creating a missing image (lampvm's ./disk.img).
  std::string disk_path;
  bool create_disk = false;
};

class Machine {
 public:
  explicit Machine(const MachineConfig& config);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  unsigned smp() const { return config_.smp; }
  Memory& memory() { return *memory_; }
  Intc& intc() { return *intc_; }
  Mmu& mmu() { return *mmu_; }
  Iommu& iommu() { return *iommu_; }
  TimeDevice& time() { return *time_; }
  Framebuffer& framebuffer() { return framebuffer_; }
  Disk& disk() { return *disk_; }
  IoPorts& io() { return *io_; }
  RunControl& run_control() { return run_control_; }
  Core& core(unsigned i) { return *cores_[i]; }
  Sysinfo& sysinfo() { return *sysinfo_; }
  const MachineConfig& config() const { return config_; }
  uint32_t stack_pool_base() const { return pool_base_; }

  // vm_create (spec §6): places the program and sets every core's state. On failure, the original's
  // panic message ("Program too large", "Program/data overlaps stack pool", ...).
  [[nodiscard]] std::optional<std::string> load(const Program& program);

  // Starts the core threads and the timer; returns at once.
  void start();
  // Waits for every thread after a stop was requested.
  void join();

  // HALT (and device-triggered halts): every core stops, exit status 0.
  void halt() { run_control_.request_stop(StopReason::kPowerOff, 0); }
  // A core panicked: the report is printed, the run ends with exit status 1.
  void panicked() { run_control_.request_stop(StopReason::kGuestPanic, 1); }

  uint64_t total_cycles() const;
  // "[debug] instruction statistics:" ... summed over every core (needs config.stats).
  void print_stats() const;

  // Core 0's debugger, when the environment asks for one (spec §7); nullptr otherwise.
  Debugger* debugger() { return debugger_.get(); }
  void set_debugger(std::unique_ptr<Debugger> debugger);

  // The GDB stub's all-stop control (nullptr without --gdb). Set before start().
  DebugControl* debug_control() { return debug_control_; }
  void set_debug_control(DebugControl* debug);

  // --trace: every core writes each instruction before it runs (nullptr: no trace). Set before start().
  Tracer* tracer() { return tracer_; }
  void set_tracer(Tracer* tracer) {
    tracer_ = tracer;
    intc_->poke_all();
  }

  // --save-snapshot-at: the run stops (kInsnLimit) when core 0 has run `n` instructions in all.
  void set_stop_at(uint64_t n) {
    stop_at_ = n;
    intc_->poke(0);  // core 0 then looks at its count before every instruction
  }
  uint64_t stop_at() const { return stop_at_; }
  bool at_stop_point() { return core(0).cycles() >= stop_at_; }

  // Snapshots (lamp/snapshot.cpp), with every thread stopped (after join()): the whole machine,
  // and a machine built from a snapshot's description brought to the saved state instead of
  // load(). `description` is the "machine" section (see lamp/snapshot.h).
  void save(Snapshot& snapshot);
  void restore(const Snapshot& snapshot);

 private:
  MachineConfig config_;
  RunControl run_control_;
  Framebuffer framebuffer_;
  std::unique_ptr<Memory> memory_;
  std::unique_ptr<Intc> intc_;
  std::unique_ptr<TimeDevice> time_;
  std::unique_ptr<Iommu> iommu_;
  std::unique_ptr<Mmu> mmu_;
  std::unique_ptr<Sysinfo> sysinfo_;
  std::unique_ptr<Disk> disk_;
  std::unique_ptr<IoPorts> io_;
  std::vector<std::unique_ptr<Core>> cores_;
  std::vector<std::thread> threads_;
  std::unique_ptr<Debugger> debugger_;
  DebugControl* debug_control_ = nullptr;
  Tracer* tracer_ = nullptr;
  uint64_t stop_at_ = ~0ull;
  uint32_t pool_base_ = 0;
};

}  // namespace microvm::lamp
