#include "riscv/virt_board.h"

#include <algorithm>
#include <thread>

#include "core/elf.h"
#include "core/error.h"
#include "core/signals.h"
#include "devices/clint.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "riscv/device_tree.h"

namespace microvm::riscv {
namespace {

constexpr uint64_t kMiB = 1ull << 20;

std::string range_text(uint64_t start, uint64_t end) { return fmt::format("{:#x}..{:#x}", start, end); }

}  // namespace

VirtBoard::VirtBoard(const VirtConfig& config, Console& console)
    : config_(config), console_(console), clock_(10'000'000) {
  if (config.memory_mib < kMinMemoryMib || config.memory_mib > kMaxMemoryMib) {
    throw user_error("--memory {} is out of range: give {} to {} MiB", config.memory_mib, kMinMemoryMib,
                     kMaxMemoryMib);
  }
  ram_ = std::make_unique<Ram>(virt_map::kDram, config.memory_mib * kMiB);
  bus_ = std::make_unique<Bus>(*ram_);
  reservations_ = std::make_unique<Reservations>(*ram_, config.harts);

  clint_ = std::make_unique<devices::Clint>(clock_, config.harts);
  plic_ = std::make_unique<devices::Plic>(2 * config.harts);
  uart_ = std::make_unique<devices::Uart16550>(console_, plic_->source_line(virt_map::kUartIrq));
  syscon_ = std::make_unique<devices::Syscon>(run_control_);
  bus_->map(virt_map::kClint, devices::Clint::kSize, *clint_);
  bus_->map(virt_map::kPlic, devices::Plic::kSize, *plic_);
  bus_->map(virt_map::kUart, devices::Uart16550::kSize, *uart_);
  bus_->map(virt_map::kTest, devices::Syscon::kSize, *syscon_);
  console_.on_input([this] { uart_->input_arrived(); });

  for (unsigned h = 0; h < config.harts; ++h) {
    HartConfig hc;
    hc.hartid = h;
    hc.reset_pc = virt_map::kDram;
    hc.insn_limit = config.insn_limit;
    auto hart = std::make_unique<Hart>(hc, *bus_, clock_, run_control_, *reservations_);
    Hart* raw = hart.get();
    clint_->connect_msip(h, IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kMSI, level); }));
    clint_->timer(h).connect(IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kMTI, level); }));
    raw->add_timer(clint_->timer(h));
    plic_->connect_context(2 * h, IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kMEI, level); }));
    plic_->connect_context(2 * h + 1, IrqLine([raw](bool level) { raw->set_interrupt_pending(irq::kSEI, level); }));
    harts_.push_back(std::move(hart));
  }
}

VirtBoard::~VirtBoard() { console_.on_input(nullptr); }

uint64_t VirtBoard::load_kernel(std::span<const uint8_t> image, const std::string& name, uint64_t load_addr) {
  auto place = [&](uint64_t start, uint64_t size, std::span<const uint8_t> bytes) {
    if (size > ram_->size() || !ram_->contains(start, size)) {
      throw user_error("{}: {} bytes at {} do not fit in RAM ({}); try a larger --memory or another --load-addr",
                       name, size, range_text(start, start + size), range_text(ram_->base(), ram_->end()));
    }
    ram_->write(start, bytes.data(), bytes.size());
    std::vector<uint8_t> zeros(size - bytes.size(), 0);
    ram_->write(start + bytes.size(), zeros.data(), zeros.size());
    loaded_.emplace_back(start, start + size);
  };

  if (!is_elf(image)) {
    if (image.empty()) throw user_error("{}: the file is empty", name);
    place(load_addr, image.size(), image);
    return load_addr;
  }
  const ElfImage elf = parse_elf64(image, name);
  if (elf.machine != kElfMachineRiscv) {
    throw user_error("{}: ELF file is for another machine (e_machine {}), not RISC-V", name, elf.machine);
  }
  for (const ElfSegment& segment : elf.segments) place(segment.paddr, segment.mem_size, segment.data);
  if (auto tohost = elf.symbol("tohost")) {
    htif_ = std::make_unique<devices::Htif>(*bus_, console_, run_control_, elf.symbol("fromhost").value_or(0));
    bus_->map(*tohost, devices::Htif::kSize, *htif_);
  }
  return elf.entry;
}

std::vector<uint8_t> VirtBoard::build_device_tree() const {
  DeviceTreeParams p;
  p.harts = config_.harts;
  p.ram_base = ram_->base();
  p.ram_size = ram_->size();
  p.isa = "rv64imafdc_zicsr_zifencei_zihintpause";
  p.extensions = {"i", "m", "a", "f", "d", "c", "zicntr", "zicsr", "zifencei", "zihintpause"};
  p.mmu_type = "riscv,sv57";
  p.clint = {virt_map::kClint, devices::Clint::kSize, 0};
  p.plic = {virt_map::kPlic, devices::Plic::kSize, 0};
  p.uart = {virt_map::kUart, devices::Uart16550::kSize, virt_map::kUartIrq};
  p.test = {virt_map::kTest, devices::Syscon::kSize, 0};
  return riscv::build_device_tree(p);
}

void VirtBoard::boot_machine_mode(uint64_t entry) {
  device_tree_ = build_device_tree();
  // QEMU's rule (hw/riscv/boot.c): as high as possible, below 3 GiB, 2 MiB aligned.
  const uint64_t top = std::min<uint64_t>(ram_->end(), 3ull << 30);
  device_tree_address_ = (top - device_tree_.size()) & ~(2 * kMiB - 1);
  for (const auto& [start, end] : loaded_) {
    if (start < device_tree_address_ + device_tree_.size() && device_tree_address_ < end) {
      throw user_error("the kernel ({}) overlaps the device tree at {:#x}; give a larger --memory",
                       range_text(start, end), device_tree_address_);
    }
  }
  ram_->write(device_tree_address_, device_tree_.data(), device_tree_.size());
  for (auto& hart : harts_) {
    hart->reset(entry);
    hart->x[10] = hart->hartid();
    hart->x[11] = device_tree_address_;
  }
}

void VirtBoard::run(std::optional<std::chrono::milliseconds> timeout) {
  std::vector<std::thread> threads;
  for (auto& hart : harts_) threads.emplace_back([&hart] { hart->run_thread(); });
  const auto start = std::chrono::steady_clock::now();
  while (!run_control_.wait_for_stop(std::chrono::milliseconds(50))) {
    if (const int sig = stop_signal()) {
      run_control_.request_stop(StopReason::kUserQuit, exit_status::kSignal, fmt::format("stopped by signal {}", sig));
    } else if (timeout && std::chrono::steady_clock::now() - start >= *timeout) {
      run_control_.request_stop(StopReason::kTimeout, exit_status::kTimeout,
                                fmt::format("stopped after --timeout-secs {}",
                                            std::chrono::duration_cast<std::chrono::seconds>(*timeout).count()));
    }
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace microvm::riscv
