// The "virt" machine: QEMU virt's memory map, devices and boot contract, with harts that each
// run on their own host thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bus.h"
#include "core/clock.h"
#include "core/console.h"
#include "core/disk_image.h"
#include "core/input_log.h"
#include "core/net_backend.h"
#include "core/net_gate.h"
#include "core/ram.h"
#include "core/run_control.h"
#include "core/snapshot.h"
#include "riscv/hart.h"
#include "riscv/reservations.h"
#include "riscv/semihosting.h"

namespace microvm::devices {
class Clint;
class GoldfishRtc;
class Htif;
class Plic;
class Rom;
class Syscon;
class Uart16550;
class VirtioConsole;
class ShareFolder;
class VirtioInput;
class VirtioMmio;
class VirtioNet;
}  // namespace microvm::devices

namespace microvm::riscv {

class Sbi;

// QEMU virt's addresses and interrupt sources (hw/riscv/virt.c).
namespace virt_map {
// The timebase: mtime, time and stimecmp count at 10 MHz, as on QEMU; the device tree says so.
constexpr uint64_t kTimebaseHz = 10'000'000;
constexpr uint64_t kMrom = 0x0000'1000, kMromSize = 0xF000, kTest = 0x0010'0000, kRtc = 0x0010'1000,
                   kClint = 0x0200'0000, kPlic = 0x0C00'0000, kUart = 0x1000'0000, kVirtio = 0x1000'1000,
                   kVirtioStride = 0x1000, kDram = 0x8000'0000;
constexpr unsigned kUartIrq = 10, kRtcIrq = 11;
// Eight virtio-mmio slots, slot i at kVirtio + i * kVirtioStride on PLIC source 1 + i. microvm
// fills them in a fixed order: disks from slot 0 (so the first disk is at 0x1000_1000, where
// teaching kernels such as xv6 look), then shares, the network card in slot 5, the console in 6,
// the entropy source in 7.
constexpr unsigned kVirtioSlots = 8, kVirtioIrq = 1;
constexpr unsigned kMaxDisks = 5, kNetSlot = 5, kConsoleSlot = 6, kRngSlot = 7;
// The keyboard (VirtDevices::keyboard) takes the last disk slot and the tablet the one before it:
// a machine with both (a screen) has room for 3 disks and shares, with the keyboard alone for 4.
constexpr unsigned kKeyboardSlot = 4, kTabletSlot = 3;
// The screen (--display, --screenshot): a "simple-framebuffer" of 800x600 pixels, 32 bits each
// (a8r8g8b8), in the top 2 MiB of RAM, which the device tree reserves. It is plain RAM, so drawing
// costs what any store costs; a kernel finds it in the device tree, or at RAM's end minus 2 MiB.
constexpr unsigned kScreenWidth = 800, kScreenHeight = 600;
constexpr uint64_t kScreenReserve = 2 * 1024 * 1024;
// Where S-mode kernels go when a firmware owns the start of RAM (as QEMU places them).
constexpr uint64_t kKernelOffset = 0x20'0000;
}  // namespace virt_map

// Which console device reads the host's stdin; the other never sees a keystroke.
enum class StdinTarget { kUart, kVirtioConsole };

// The host resources behind the virtio devices. They belong to the caller and outlive the board:
// a guest reboot builds a new board on the same open disks and network.
struct VirtShare {
  devices::ShareFolder* folder;  // the host folder, confined (virtio_9p_fs.h)
  std::string tag;               // the mount tag the guest names
};

struct VirtDevices {
  std::vector<DiskImage*> disks;                                   // virtio-blk, in slot order
  std::vector<VirtShare> shares;                                   // virtio-9p, in the slots after the disks
  NetBackend* net = nullptr;                                       // a virtio-net card when set
  std::array<uint8_t, 6> mac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};  // QEMU's default
  StdinTarget stdin_target = StdinTarget::kUart;
  bool virtio_legacy = false;  // version 1 transports, as QEMU without force-legacy=off
  bool keyboard = false;       // a virtio-input keyboard (devices/virtio/virtio_input.h)
  bool tablet = false;         // a virtio-input tablet, likewise
};

struct VirtConfig {
  uint64_t memory_mib = 128;
  unsigned harts = 1;
  uint64_t insn_limit = 0;
  // One host thread runs the harts in turns of a fixed number of instructions, and guest time
  // follows executed instructions: the same guest and input give the same output.
  bool deterministic = false;
  Isa isa = Isa::all();               // the extensions the harts implement (--cpu)
  JitMode jit = jit::default_mode();  // --jit, --jit-audit
  VirtDevices devices;
  SemihostingConfig semihosting;
  // Stop the run when hart 0 has retired this many instructions (0: never), for a snapshot. A
  // deterministic run stops at the end of the round of turns where that happens, so a restored
  // run goes on exactly as the uninterrupted one would.
  uint64_t snapshot_at = 0;
  bool screen = false;  // a framebuffer at the top of RAM (virt_map::kScreenWidth...)
};

enum class FirmwareKind {
  kNone,     // the kernel starts in M-mode (qemu -bios none)
  kBuiltin,  // microvm's SBI; the kernel starts in S-mode
  kFile,     // a real firmware (OpenSBI) at the start of RAM, the kernel after it
};

// Everything a boot takes; spans must stay alive until boot() returns.
struct BootSpec {
  std::span<const uint8_t> kernel;  // may be empty when only a firmware is given
  std::string kernel_name;
  FirmwareKind firmware = FirmwareKind::kNone;
  std::span<const uint8_t> firmware_image;
  std::string firmware_name;
  std::optional<uint64_t> load_addr;
  std::span<const uint8_t> initrd;
  std::string initrd_name;
  std::string cmdline;
  std::span<const uint8_t> dtb;  // the user's device tree instead of ours
  std::string dtb_name;
};

// A Linux `Image` (arch/riscv/boot/Image) says so in its header: such a kernel wants an SBI.
bool is_linux_image(std::span<const uint8_t> image);

class VirtBoard {
 public:
  static constexpr uint64_t kMinMemoryMib = 16, kMaxMemoryMib = 65536;
  // What the board can hold, checked in one place: the constructor calls this, and the command
  // line calls it before it reads any file. Throws a UserError.
  static void check(const VirtConfig& config, size_t disks, size_t shares = 0);

  VirtBoard(const VirtConfig& config, Console& console);
  ~VirtBoard();

  // Loads everything and sets the harts up to start. Throws UserError for anything that does
  // not fit this machine (wrong file kind, too big, overlapping).
  void boot(const BootSpec& spec);

  // The device tree for `spec` without booting it (no initrd placed).
  std::vector<uint8_t> describe(const BootSpec& spec) const { return build_device_tree(spec, std::nullopt); }

  // Runs until the guest or the user stops the machine, or `timeout` passes.
  void run(std::optional<std::chrono::milliseconds> timeout);
  // Called on the thread that called run(), about every 16 ms while the machine runs (a window
  // that shows the screen must be served from that thread).
  void set_tick(std::function<void()> tick) { tick_ = std::move(tick); }

  // The screen (VirtConfig::screen): where it is, and a copy of its pixels as 0x00RRGGBB.
  bool has_screen() const { return config_.screen; }
  uint64_t screen_base() const { return ram_->end() - virt_map::kScreenReserve; }
  std::vector<uint32_t> screen_pixels() const;

  // The virtio-input keyboard and tablet (VirtDevices::keyboard, tablet), or null.
  devices::VirtioInput* keyboard() const { return keyboard_; }
  devices::VirtioInput* tablet() const { return tablet_; }
  // How many disks and shares fit beside the input devices `devices` asks for.
  static unsigned disk_slots(const VirtDevices& devices);

  // Puts every hart under a debugger's run control (threaded runs, or a deterministic run of
  // one hart: its one thread cannot park one hart and run another).
  void attach_debugger(DebugControl& debug);
  void detach_debugger();

  RunControl& run_control() { return run_control_; }
  Ram& ram() { return *ram_; }
  Bus& bus() { return *bus_; }
  Hart& hart(unsigned i) { return *harts_.at(i); }
  unsigned harts() const { return static_cast<unsigned>(harts_.size()); }
  const std::vector<uint8_t>& device_tree() const { return device_tree_; }
  uint64_t device_tree_address() const { return device_tree_address_; }

  // Snapshots (riscv/virt_snapshot.cpp), taken and loaded while no hart runs. A board built
  // with config_from_snapshot() loads one instead of booting; a snapshot that does not fit it
  // throws UserError, and the board must then be thrown away.
  // What a snapshot is for. A file's records the disks' hashes and compresses RAM well; one
  // that stays in this process leaves the hashes zero and compresses fast; a checkpoint of time
  // travel, which keeps RAM in a RamHistory, has no RAM section (load it with with_ram false).
  enum class SnapshotUse { kFile, kInProcess, kCheckpoint };
  Snapshot save_snapshot(SnapshotUse use = SnapshotUse::kFile);
  void load_snapshot(const Snapshot& snapshot, bool with_ram = true);
  // After load_snapshot into a network whose state is not the snapshot's (--load-snapshot,
  // loadvm; not time travel, which reloads its own past): the host's network drops the
  // connections it holds for the guest (NetBackend::reset_connections), and the guest's network
  // card sees its link go down and come back up (devices/virtio/virtio_net.h), so it can notice
  // and renew.
  void network_replaced();
  // Deterministic runs (riscv/virt_replay.cpp): outside input enters only at points that depend
  // on the guest alone; with a log, it is recorded there, or replayed from the log instead.
  void set_input_log(InputLog* log);
  RunPoint run_point() const;
  // Called at the top of every round of a deterministic run, before input is let in (time
  // travel takes its checkpoints and restores them there).
  void set_round_hook(std::function<void()> hook) { round_hook_ = std::move(hook); }
  const VirtConfig& config() const { return config_; }
  Console& console() { return console_; }
  // The monitor's savevm/loadvm: the run stops (StopReason::kSnapshot) and the CLI saves or
  // loads between two runs, as for Ctrl-A s.
  struct SnapshotRequest {
    bool load = false;
    std::string path;
    std::shared_ptr<std::promise<std::string>> done;  // what happened, for the monitor to print
  };
  void request_snapshot(SnapshotRequest request);
  std::optional<SnapshotRequest> take_snapshot_request();
  // A snapshot loaded into this running machine (loadvm) must be of the same machine: the same
  // options, disks with the same content, the same boot ROM. Throws UserError saying what differs.
  void check_same_machine(const Snapshot& snapshot) const;
  bool time_travelling() const { return static_cast<bool>(round_hook_); }
  bool input_logged() const { return input_log_ != nullptr; }
  // Whether the run stopped because hart 0 reached VirtConfig::snapshot_at.
  bool at_snapshot_point() const {
    return config_.snapshot_at && harts_.at(0)->instret() >= config_.snapshot_at;
  }

 private:
  struct Placed {
    uint64_t start, end, entry;
  };
  Placed load_image(std::span<const uint8_t> image, const std::string& name, uint64_t raw_address,
                    bool relocate_elf);
  void place(const std::string& what, uint64_t start, std::span<const uint8_t> bytes, uint64_t size);
  std::vector<uint8_t> build_device_tree(const BootSpec& spec,
                                         std::optional<std::pair<uint64_t, uint64_t>> initrd) const;
  void install_reset_rom(uint64_t start_addr, uint64_t next_addr);
  void set_up_semihosting(const BootSpec& spec, uint64_t free_start, uint64_t free_end);
  void run_threads(std::optional<std::chrono::milliseconds> timeout);
  void run_deterministic(std::optional<std::chrono::milliseconds> timeout);
  void let_input_in(InputEvent::Site site);
  // Signals and the wall-clock timeout; true when a stop was requested.
  bool check_stop(std::chrono::steady_clock::time_point start,
                  std::optional<std::chrono::milliseconds> timeout);

  VirtConfig config_;
  std::function<void()> tick_;
  Console& console_;
  RunControl run_control_;
  Clock clock_;
  std::unique_ptr<Ram> ram_;
  std::unique_ptr<Bus> bus_;
  std::unique_ptr<Reservations> reservations_;
  std::unique_ptr<devices::Clint> clint_;
  std::unique_ptr<devices::Plic> plic_;
  std::unique_ptr<devices::Uart16550> uart_;
  std::unique_ptr<devices::Syscon> syscon_;
  std::unique_ptr<devices::GoldfishRtc> rtc_;
  std::unique_ptr<devices::Htif> htif_;
  std::unique_ptr<devices::Rom> rom_;
  // Deterministic runs with a network card (before virtio_: the card refers to it).
  std::unique_ptr<NetGate> net_gate_;
  InputLog* input_log_ = nullptr;
  std::function<void()> round_hook_;
  std::mutex request_mutex_;
  std::optional<SnapshotRequest> snapshot_request_;
  std::vector<uint8_t> rom_bytes() const;
  devices::VirtioConsole* virtio_console_ = nullptr;  // owned by its transport in virtio_
  devices::VirtioInput* keyboard_ = nullptr;          // likewise
  devices::VirtioInput* tablet_ = nullptr;            // likewise
  devices::VirtioNet* net_ = nullptr;                 // likewise
  std::vector<std::unique_ptr<devices::VirtioMmio>> virtio_;
  // The devices in the device tree, where they are mapped, in tree order.
  std::vector<std::pair<uint64_t, Device*>> described_;
  void attach(uint64_t base, Device& device);
  std::unique_ptr<Sbi> sbi_;
  std::unique_ptr<Semihosting> semihosting_;
  std::vector<std::unique_ptr<Hart>> harts_;
  std::vector<uint8_t> device_tree_;
  uint64_t device_tree_address_ = 0;
  std::vector<std::pair<std::string, std::pair<uint64_t, uint64_t>>> placed_;  // what, [start, end)
  // What a snapshot records of the boot.
  FirmwareKind firmware_kind_ = FirmwareKind::kNone;
  std::string cmdline_;
  uint64_t htif_tohost_ = 0, htif_fromhost_ = 0;
};

}  // namespace microvm::riscv
