#include "riscv/virt_board.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <thread>

#include "core/elf.h"
#include "core/error.h"
#include "core/signals.h"
#include "devices/clint.h"
#include "devices/goldfish_rtc.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "devices/rom.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "devices/virtio/virtio_9p.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_input.h"
#include "devices/virtio/virtio_mmio.h"
#include "devices/virtio/virtio_net.h"
#include "devices/virtio/virtio_rng.h"
#include "riscv/device_tree.h"
#include "riscv/sbi.h"

namespace microvm::riscv {
namespace {

constexpr uint64_t kMiB = 1ull << 20;

std::string range_text(uint64_t start, uint64_t end) { return fmt::format("{:#x}..{:#x}", start, end); }

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

uint64_t wall_clock_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// The host cores this process may run on (taskset narrows them).
unsigned host_cpu_count() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return static_cast<unsigned>(CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

// The RISC-V Linux Image header (Documentation/riscv/boot-image-header.rst).
struct ImageHeader {
  uint32_t code0, code1;
  uint64_t text_offset, image_size, flags;
  uint32_t version, res1;
  uint64_t res2, magic;
  uint32_t magic2, res3;
};
static_assert(sizeof(ImageHeader) == 64);

}  // namespace

bool is_linux_image(std::span<const uint8_t> image) {
  if (image.size() < sizeof(ImageHeader)) return false;
  ImageHeader h;
  std::memcpy(&h, image.data(), sizeof h);
  return h.magic2 == 0x05435352;  // "RSC\x05"
}

void VirtBoard::check(const VirtConfig& config, size_t disks, size_t shares) {
  if (config.memory_mib < kMinMemoryMib || config.memory_mib > kMaxMemoryMib) {
    throw user_error("--memory {} is out of range: give {} to {} MiB", config.memory_mib, kMinMemoryMib,
                     kMaxMemoryMib);
  }
  if (disks > virt_map::kMaxDisks) {
    throw user_error("too many --disk options: the virt board has room for {} disks", virt_map::kMaxDisks);
  }
  const unsigned slots = disk_slots(config.devices);
  const VirtDevices& d = config.devices;
  // Which input devices took the slots, in the words of the options that asked for them.
  const char* inputs = d.keyboard && d.tablet
                           ? " with a keyboard and a tablet (a screen, or --keyboard --tablet)"
                       : d.keyboard ? " with a keyboard (--keyboard)"
                       : d.tablet   ? " with a tablet (--tablet)"
                                    : "";
  if (disks > slots)
    throw user_error("too many --disk options: the virt board has room for {} disks{}", slots, inputs);
  if (disks + shares > slots) {
    throw user_error("{} --disk and {} --share options: together they have room for {} virtio slots{}", disks,
                     shares, slots, inputs);
  }
}

unsigned VirtBoard::disk_slots(const VirtDevices& devices) {
  if (devices.tablet) return virt_map::kTabletSlot;
  if (devices.keyboard) return virt_map::kKeyboardSlot;
  return virt_map::kMaxDisks;
}

VirtBoard::VirtBoard(const VirtConfig& config, Console& console)
    : config_(config), console_(console), clock_(virt_map::kTimebaseHz) {
  check(config, config.devices.disks.size(), config.devices.shares.size());
  ram_ = std::make_unique<Ram>(virt_map::kDram, config.memory_mib * kMiB);
  bus_ = std::make_unique<Bus>(*ram_);
  reservations_ = std::make_unique<Reservations>(*ram_, config.harts);

  clint_ = std::make_unique<devices::Clint>(clock_, config.harts);
  plic_ = std::make_unique<devices::Plic>(2 * config.harts);
  const VirtDevices& dev = config.devices;
  uart_ = std::make_unique<devices::Uart16550>(console_, plic_->source_line(virt_map::kUartIrq),
                                               dev.stdin_target == StdinTarget::kUart);
  syscon_ = std::make_unique<devices::Syscon>(run_control_);
  if (config.deterministic) clock_.make_deterministic();
  // Deterministic runs start their calendar at a fixed date (2026-01-01T00:00:00Z) too.
  const uint64_t epoch_ns = config.deterministic ? 1'767'225'600ull * 1'000'000'000ull : wall_clock_ns();
  rtc_ = std::make_unique<devices::GoldfishRtc>(clock_, epoch_ns, plic_->source_line(virt_map::kRtcIrq));
  // Each device is listed once, here: attach() maps it and the device tree describes it (its
  // node comes from the device), in this order.
  attach(virt_map::kRtc, *rtc_);
  attach(virt_map::kUart, *uart_);
  attach(virt_map::kTest, *syscon_);

  std::vector<std::unique_ptr<devices::VirtioDevice>> models(virt_map::kVirtioSlots);
  for (size_t i = 0; i < dev.disks.size(); ++i) {
    // GET_ID answers with the image's file name (the first 20 bytes of it).
    const std::string& path = dev.disks[i]->path();
    models[i] = std::make_unique<devices::VirtioBlk>(*dev.disks[i], path.substr(path.find_last_of('/') + 1));
  }
  for (size_t i = 0; i < dev.shares.size(); ++i) {
    models[dev.disks.size() + i] =
        std::make_unique<devices::Virtio9p>(*dev.shares[i].folder, dev.shares[i].tag);
  }
  if (dev.net) {
    if (config.deterministic) net_gate_ = std::make_unique<NetGate>(*dev.net);
    auto net = std::make_unique<devices::VirtioNet>(net_gate_ ? *net_gate_ : *dev.net, dev.mac, clock_);
    net_ = net.get();
    models[virt_map::kNetSlot] = std::move(net);
  }
  auto vconsole =
      std::make_unique<devices::VirtioConsole>(console_, dev.stdin_target == StdinTarget::kVirtioConsole);
  virtio_console_ = vconsole.get();
  models[virt_map::kConsoleSlot] = std::move(vconsole);
  models[virt_map::kRngSlot] = std::make_unique<devices::VirtioRng>(config.deterministic);
  if (dev.keyboard) {
    auto keyboard =
        std::make_unique<devices::VirtioInput>(devices::VirtioInput::Kind::kKeyboard, config.deterministic);
    keyboard_ = keyboard.get();
    models[virt_map::kKeyboardSlot] = std::move(keyboard);
  }
  if (dev.tablet) {
    auto tablet =
        std::make_unique<devices::VirtioInput>(devices::VirtioInput::Kind::kTablet, config.deterministic);
    tablet_ = tablet.get();
    models[virt_map::kTabletSlot] = std::move(tablet);
  }
  for (unsigned i = 0; i < virt_map::kVirtioSlots; ++i) {
    const uint64_t base = virt_map::kVirtio + i * virt_map::kVirtioStride;
    virtio_.push_back(std::make_unique<devices::VirtioMmio>(
        *ram_, base, plic_->source_line(virt_map::kVirtioIrq + i), std::move(models[i]), dev.virtio_legacy));
    attach(base, *virtio_.back());
  }
  attach(virt_map::kPlic, *plic_);
  attach(virt_map::kClint, *clint_);
  console_.on_input([this] {
    uart_->input_arrived();
    virtio_console_->input_arrived();
  });

  const unsigned host_cores = host_cpu_count();
  for (unsigned h = 0; h < config.harts; ++h) {
    HartConfig hc;
    hc.hartid = h;
    hc.reset_pc = virt_map::kMrom;
    hc.insn_limit = config.insn_limit;
    // A threaded run stops for a snapshot the way --max-insns stops it, exactly at the count.
    if (h == 0 && config.snapshot_at && !config.deterministic)
      hc.insn_limit =
          config.insn_limit ? std::min(config.insn_limit, config.snapshot_at) : config.snapshot_at;
    hc.isa = config.isa;
    hc.jit = config.jit;
    hc.halt_poll = config.harts <= host_cores;
    auto hart = std::make_unique<Hart>(hc, *bus_, clock_, run_control_, *reservations_);
    Hart* raw = hart.get();
    clint_->connect_msip(h, IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kMSI, level); }));
    clint_->timer(h).connect(IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kMTI, level); }));
    raw->add_timer(clint_->timer(h));
    if (net_) raw->add_timer(net_->link_timer());
    plic_->connect_context(
        2 * h, IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kMEI, level); }, irq::kMEI));
    plic_->connect_context(
        2 * h + 1, IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kSEI, level); }, irq::kSEI));
    harts_.push_back(std::move(hart));
  }
  semihosting_ = std::make_unique<Semihosting>(config.semihosting, console_, run_control_, clock_, epoch_ns);
  for (auto& hart : harts_) hart->set_semihosting(semihosting_.get());
  if (config.deterministic) {
    console_.hold_input();
    semihosting_->set_input_waiter([this] { let_input_in(InputEvent::kWaitingHart); });
  }
}

VirtBoard::~VirtBoard() { console_.on_input(nullptr); }

void VirtBoard::attach(uint64_t base, Device& device) {
  bus_->map(base, device.device_node().size, device);
  described_.push_back({base, &device});
}

void VirtBoard::place(const std::string& what, uint64_t start, std::span<const uint8_t> bytes,
                      uint64_t size) {
  if (size > ram_->size() || !ram_->contains(start, size)) {
    throw user_error("{}: {} bytes at {} do not fit in RAM ({}); try a larger --memory", what, size,
                     range_text(start, start + size), range_text(ram_->base(), ram_->end()));
  }
  for (const auto& [other, range] : placed_) {
    if (start < range.second && range.first < start + size) {
      throw user_error("{} ({}) overlaps {} ({})", what, range_text(start, start + size), other,
                       range_text(range.first, range.second));
    }
  }
  ram_->write(start, bytes.data(), bytes.size());
  std::vector<uint8_t> zeros(size - bytes.size(), 0);
  ram_->write(start + bytes.size(), zeros.data(), zeros.size());
  placed_.push_back({what, {start, start + size}});
}

VirtBoard::Placed VirtBoard::load_image(std::span<const uint8_t> image, const std::string& name,
                                        uint64_t raw_address, bool relocate_elf) {
  if (image.empty()) throw user_error("{}: the file is empty", name);
  if (!is_elf(image)) {
    uint64_t size = image.size();
    if (is_linux_image(image)) {
      // A kernel Image needs image_size bytes (its BSS too), not just the file.
      ImageHeader h;
      std::memcpy(&h, image.data(), sizeof h);
      size = std::max<uint64_t>(size, h.image_size);
    }
    place(name, raw_address, image, size);
    return {raw_address, raw_address + size, raw_address};
  }
  const ElfImage elf = parse_elf64(image, name);
  if (elf.machine != kElfMachineRiscv) {
    throw user_error("{}: ELF file is for another machine (e_machine {}), not RISC-V", name, elf.machine);
  }
  // An S-mode ELF linked at virtual addresses (vmlinux) goes where QEMU puts it: the low 31 bits
  // of each address, offset into RAM.
  auto translate = [&](uint64_t a) {
    return relocate_elf && !ram_->contains(a) ? ram_->base() + (a & 0x7FFFFFFF) : a;
  };
  Placed placed{~0ull, 0, translate(elf.entry)};
  for (const ElfSegment& segment : elf.segments) {
    const uint64_t start = translate(segment.paddr);
    place(name, start, segment.data, segment.mem_size);
    placed.start = std::min(placed.start, start);
    placed.end = std::max(placed.end, start + segment.mem_size);
  }
  if (auto tohost = elf.symbol("tohost"); tohost && !htif_) {
    if (!ram_->contains(*tohost, devices::Htif::kSize)) {
      throw user_error("{}: its tohost symbol ({:#x}) is not in RAM", name, *tohost);
    }
    htif_tohost_ = *tohost;
    htif_fromhost_ = elf.symbol("fromhost").value_or(0);
    htif_ = std::make_unique<devices::Htif>(*bus_, console_, run_control_, htif_fromhost_);
    bus_->map(*tohost, devices::Htif::kSize, *htif_);
  }
  return placed;
}

std::vector<uint8_t> VirtBoard::build_device_tree(const BootSpec& spec,
                                                  std::optional<std::pair<uint64_t, uint64_t>> initrd) const {
  if (!spec.dtb.empty()) return patch_chosen(spec.dtb, spec.dtb_name, spec.cmdline, initrd);
  DeviceTreeParams p;
  p.harts = config_.harts;
  p.timebase_hz = clock_.hz();
  p.ram_base = ram_->base();
  p.ram_size = ram_->size();
  p.isa = config_.isa.isa_string();
  p.extensions = config_.isa.extension_names();
  p.mmu_type = "riscv,sv57";
  p.bootargs = spec.cmdline;
  p.initrd = initrd;
  if (config_.screen) {
    p.screen = DeviceTreeParams::Screen{screen_base(), virt_map::kScreenReserve, virt_map::kScreenWidth,
                                        virt_map::kScreenHeight};
  }
  for (const auto& [base, device] : described_) p.devices.push_back({base, device->device_node()});
  return riscv::build_device_tree(p);
}

// QEMU's reset vector (hw/riscv/boot.c, riscv_setup_rom_reset_vec) followed by OpenSBI's
// fw_dynamic_info, so firmware and kernels see exactly what they see on QEMU.
void VirtBoard::install_reset_rom(uint64_t start_addr, uint64_t next_addr) {
  const uint32_t code[6] = {
      0x00000297,  // auipc t0, 0
      0x02828613,  // addi  a2, t0, 40     (a2 = fw_dynamic_info)
      0xf1402573,  // csrr  a0, mhartid
      0x0202b583,  // ld    a1, 32(t0)     (the device tree)
      0x0182b283,  // ld    t0, 24(t0)     (where to start)
      0x00028067,  // jr    t0
  };
  const uint64_t data[2] = {start_addr, device_tree_address_};
  // fw_dynamic_info v2: magic "OSBI", version, next_addr, next_mode (S), options, boot_hart.
  const uint64_t fw_dynamic[6] = {0x4942534f, 2, next_addr, 1, 0, 0};
  std::vector<uint8_t> bytes(sizeof code + sizeof data + sizeof fw_dynamic);
  std::memcpy(bytes.data(), code, sizeof code);
  std::memcpy(bytes.data() + sizeof code, data, sizeof data);
  std::memcpy(bytes.data() + sizeof code + sizeof data, fw_dynamic, sizeof fw_dynamic);
  rom_ = std::make_unique<devices::Rom>(std::move(bytes));
  bus_->map(virt_map::kMrom, virt_map::kMromSize, *rom_);
}

void VirtBoard::boot(const BootSpec& spec) {
  // Nothing may be loaded over the screen.
  if (config_.screen) placed_.push_back({"the screen", {screen_base(), ram_->end()}});
  firmware_kind_ = spec.firmware;
  cmdline_ = spec.cmdline;
  const uint64_t kernel_default =
      spec.firmware == FirmwareKind::kNone ? ram_->base() : ram_->base() + virt_map::kKernelOffset;
  const bool s_mode = spec.firmware != FirmwareKind::kNone;

  std::optional<Placed> firmware;
  if (spec.firmware == FirmwareKind::kFile) {
    firmware = load_image(spec.firmware_image, spec.firmware_name, ram_->base(), false);
  }
  std::optional<Placed> kernel;
  if (!spec.kernel.empty()) {
    uint64_t address = kernel_default;
    if (spec.load_addr) {
      address = *spec.load_addr;
    } else if (is_linux_image(spec.kernel)) {
      ImageHeader h;
      std::memcpy(&h, spec.kernel.data(), sizeof h);
      address = ram_->base() + (h.text_offset ? h.text_offset : virt_map::kKernelOffset);
    }
    kernel = load_image(spec.kernel, spec.kernel_name, address, s_mode);
  } else if (spec.firmware != FirmwareKind::kFile) {
    throw user_error("nothing to boot: give --kernel FILE or --bios FILE");
  }

  // The device tree goes as high as possible below 3 GiB, 2 MiB aligned (QEMU's rule); its size
  // does not depend on where the initrd goes, so measure it first.
  std::optional<std::pair<uint64_t, uint64_t>> initrd;
  if (!spec.initrd.empty()) initrd = {0, spec.initrd.size()};
  const uint64_t dt_size = build_device_tree(spec, initrd).size();
  const uint64_t top = std::min<uint64_t>(config_.screen ? screen_base() : ram_->end(), 3ull << 30);
  if (dt_size > top - ram_->base()) throw user_error("the device tree does not fit in RAM");
  device_tree_address_ = (top - dt_size) & ~(2 * kMiB - 1);

  if (!spec.initrd.empty()) {
    // Far enough above the kernel that it can unpack itself without reaching the initrd, as
    // QEMU does; lower when RAM is small.
    const uint64_t entry = kernel ? kernel->entry : ram_->base();
    uint64_t start = align_up(entry + std::min<uint64_t>(ram_->size() / 2, 128 * kMiB), 4096);
    if (start + spec.initrd.size() > device_tree_address_ && kernel) start = align_up(kernel->end, 2 * kMiB);
    if (start + spec.initrd.size() > device_tree_address_) {
      throw user_error(
          "{}: the initrd ({} bytes) does not fit in RAM below the device tree; give a larger --memory",
          spec.initrd_name, spec.initrd.size());
    }
    place(spec.initrd_name, start, spec.initrd, spec.initrd.size());
    initrd = {start, start + spec.initrd.size()};
  }
  device_tree_ = build_device_tree(spec, initrd);
  place("the device tree", device_tree_address_, device_tree_, device_tree_.size());
  set_up_semihosting(spec, kernel ? kernel->end : ram_->base(),
                     initrd ? initrd->first : device_tree_address_);

  switch (spec.firmware) {
    case FirmwareKind::kNone:
      install_reset_rom(kernel->entry, 0);
      for (auto& hart : harts_) hart->reset(virt_map::kMrom);
      break;
    case FirmwareKind::kFile:
      install_reset_rom(firmware->entry, kernel ? kernel->entry : ram_->base() + virt_map::kKernelOffset);
      for (auto& hart : harts_) hart->reset(virt_map::kMrom);
      break;
    case FirmwareKind::kBuiltin: {
      std::vector<Hart*> harts;
      for (auto& hart : harts_) harts.push_back(hart.get());
      sbi_ = std::make_unique<Sbi>(harts, *bus_, console_, run_control_);
      sbi_->set_console_input(config_.devices.stdin_target == StdinTarget::kUart);
      sbi_->set_single_threaded(config_.deterministic);
      sbi_->boot(kernel->entry, device_tree_address_, 0);
      break;
    }
  }
}

// SYS_HEAPINFO: the free RAM between the kernel and what lies above it, the top MiB of it (or
// half, when less is free) for the stack. SYS_GET_CMDLINE: the kernel's name and arguments, as
// QEMU gives them.
void VirtBoard::set_up_semihosting(const BootSpec& spec, uint64_t free_start, uint64_t free_end) {
  free_start = align_up(free_start, 16);
  if (free_end > free_start) {
    const uint64_t stack = std::min<uint64_t>(kMiB, (free_end - free_start) / 2) & ~15ull;
    semihosting_->set_memory(free_start, free_end - stack, free_end, free_end - stack);
  }
  semihosting_->set_command_line(spec.cmdline.empty() ? spec.kernel_name
                                                      : spec.kernel_name + " " + spec.cmdline);
}

void VirtBoard::run(std::optional<std::chrono::milliseconds> timeout) {
  if (config_.deterministic) {
    run_deterministic(timeout);
  } else {
    run_threads(timeout);
  }
}

std::vector<uint32_t> VirtBoard::screen_pixels() const {
  std::vector<uint32_t> pixels(size_t{virt_map::kScreenWidth} * virt_map::kScreenHeight);
  // Harts may be drawing: read each pixel once, as a scan-out would (a torn frame, never a torn pixel).
  const auto* words = reinterpret_cast<uint32_t*>(ram_->ptr(screen_base()));
  for (size_t i = 0; i < pixels.size(); ++i) {
    pixels[i] = std::atomic_ref<uint32_t>(const_cast<uint32_t&>(words[i])).load(std::memory_order_relaxed) &
                0x00FF'FFFF;
  }
  return pixels;
}

void VirtBoard::detach_debugger() {
  for (auto& hart : harts_) hart->set_debug(nullptr);
}

void VirtBoard::attach_debugger(DebugControl& debug) {
  for (auto& hart : harts_) hart->set_debug(&debug);
  debug.set_waker([this](unsigned h) { harts_.at(h)->wake(); });
}

bool VirtBoard::check_stop(std::chrono::steady_clock::time_point start,
                           std::optional<std::chrono::milliseconds> timeout) {
  if (const int sig = stop_signal()) {
    run_control_.request_stop(StopReason::kUserQuit, exit_status::kSignal,
                              fmt::format("stopped by signal {}", sig));
  } else if (timeout && std::chrono::steady_clock::now() - start >= *timeout) {
    run_control_.request_stop(
        StopReason::kTimeout, exit_status::kTimeout,
        fmt::format("stopped after --timeout-secs {}",
                    std::chrono::duration_cast<std::chrono::seconds>(*timeout).count()));
  }
  return run_control_.stop_requested();
}

void VirtBoard::run_threads(std::optional<std::chrono::milliseconds> timeout) {
  std::vector<std::thread> threads;
  for (auto& hart : harts_) threads.emplace_back([&hart] { hart->run_thread(); });
  const auto start = std::chrono::steady_clock::now();
  const auto wait = std::chrono::milliseconds(tick_ ? 16 : 50);
  while (!run_control_.wait_for_stop(wait) && !check_stop(start, timeout)) {
    if (tick_) tick_();
  }
  for (auto& thread : threads) thread.join();
}

// Harts take turns of kQuantum instructions on this thread. Guest time moves one tick (100 ns) per
// kInstructionsPerTick instructions of a round, a "1 GHz" machine; when every hart waits, it jumps
// to the earliest deadline, so idle time costs nothing.
void VirtBoard::run_deterministic(std::optional<std::chrono::milliseconds> timeout) {
  constexpr uint64_t kQuantum = 1000, kInstructionsPerTick = 100;
  const auto start = std::chrono::steady_clock::now();
  for (uint64_t round = 0; !run_control_.stop_requested(); ++round) {
    if (round_hook_) round_hook_();
    let_input_in(InputEvent::kBetweenRounds);
    if (run_control_.stop_requested()) break;
    bool progressed = false;
    for (auto& hart : harts_) {
      const uint64_t before = hart->instret();
      hart->run_for(kQuantum);
      progressed |= hart->instret() != before;
    }
    const uint64_t now = clock_.now();
    if (progressed) {
      clock_.advance_to(now + kQuantum / kInstructionsPerTick);
    } else {
      uint64_t deadline = ~0ull;
      for (auto& hart : harts_) {
        if (!hart->halted()) deadline = std::min(deadline, hart->next_deadline(now));
      }
      if (deadline != ~0ull) {
        clock_.advance_to(deadline);
      } else {
        // Nothing inside the machine will happen again; only input from outside (the console)
        // can wake it. Wait for that without spinning.
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    for (auto& hart : harts_) hart->poll_timers();
    if (at_snapshot_point()) {
      run_control_.request_stop(StopReason::kInsnLimit, exit_status::kInsnLimit);
      break;
    }
    if (round % 1024 == 0) {
      if (check_stop(start, timeout)) break;
      if (tick_) tick_();
    }
  }
}

}  // namespace microvm::riscv
