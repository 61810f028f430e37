#include "cli/machine_options.h"

#include "cli/examples.h"
#include "cli/numbers.h"
#include "core/error.h"
#include "core/file.h"

namespace microvm::cli {

void add_machine_options(CLI::App& cmd, MachineOptions& o) {
  cmd.add_option("-k,--kernel", o.kernel,
                 "Kernel: ELF64, Linux Image, or a raw binary (loaded at --load-addr)");
  cmd.add_option("--example", o.example, "Boot a built-in example kernel instead (minimal-kernel)");
  cmd.add_option("--bios", o.bios,
                 "Firmware: none (kernel starts in M-mode), builtin (microvm's SBI, kernel in S-mode), "
                 "or a file such as OpenSBI's fw_dynamic.bin; auto = builtin for a Linux Image, else none")
      ->capture_default_str();
  cmd.add_option("--initrd", o.initrd, "Initial RAM disk for the kernel");
  cmd.add_option("--cmdline,--append", o.cmdline, "Kernel command line (/chosen/bootargs)");
  cmd.add_option("--dtb", o.dtb, "Use this device tree blob instead of microvm's own");
  cmd.add_option("--load-addr", o.load_addr,
                 "Where a raw binary is loaded (default 0x80000000, or 0x80200000 behind a firmware)");
  cmd.add_option("-m,--memory", o.memory, "RAM in MiB")->capture_default_str();
  cmd.add_option("--cpus,--smp", o.cpus, "Number of harts")->capture_default_str();
  cmd.add_option("--max-insns", o.max_insns, "Stop after each hart ran N instructions (exit status 125)");
  cmd.add_flag("--deterministic", o.deterministic,
               "Run the harts in turns on one thread with time following instructions: same input, same output");
}

BootInputs::BootInputs(const MachineOptions& o, bool need_kernel) {
  config_.memory_mib = parse_number(o.memory, "--memory");
  if (config_.memory_mib < riscv::VirtBoard::kMinMemoryMib || config_.memory_mib > riscv::VirtBoard::kMaxMemoryMib) {
    throw user_error("--memory {} is out of range: give {} to {} MiB", o.memory, riscv::VirtBoard::kMinMemoryMib,
                     riscv::VirtBoard::kMaxMemoryMib);
  }
  const uint64_t cpus = parse_number(o.cpus, "--cpus");
  if (cpus < 1 || cpus > 64) throw user_error("--cpus {} is out of range: give 1 to 64", o.cpus);
  config_.harts = static_cast<unsigned>(cpus);
  config_.deterministic = o.deterministic;
  if (!o.max_insns.empty()) config_.insn_limit = parse_number(o.max_insns, "--max-insns");
  if (!o.load_addr.empty()) spec_.load_addr = parse_number(o.load_addr, "--load-addr");

  if (!o.kernel.empty() && !o.example.empty()) throw user_error("give --kernel FILE or --example NAME, not both");
  if (!o.kernel.empty()) {
    kernel_ = read_file(o.kernel);
    if (kernel_.empty()) throw user_error("{}: the file is empty", o.kernel);
    spec_.kernel = kernel_;
    spec_.kernel_name = o.kernel;
  } else if (!o.example.empty()) {
    const Example* example = find_example(o.example);
    if (!example) {
      std::string known;
      for (const Example& e : examples()) known += (known.empty() ? "" : ", ") + e.name;
      throw user_error("no example called '{}' (there is: {})", o.example, known);
    }
    spec_.kernel = example->image;
    spec_.kernel_name = example->name;
  }

  if (o.bios == "none") {
    spec_.firmware = riscv::FirmwareKind::kNone;
  } else if (o.bios == "builtin") {
    spec_.firmware = riscv::FirmwareKind::kBuiltin;
  } else if (o.bios == "auto") {
    spec_.firmware = riscv::is_linux_image(spec_.kernel) ? riscv::FirmwareKind::kBuiltin : riscv::FirmwareKind::kNone;
  } else {
    firmware_ = read_file(o.bios);
    if (firmware_.empty()) throw user_error("{}: the file is empty", o.bios);
    spec_.firmware = riscv::FirmwareKind::kFile;
    spec_.firmware_image = firmware_;
    spec_.firmware_name = o.bios;
  }
  if (need_kernel && spec_.kernel.empty() && spec_.firmware != riscv::FirmwareKind::kFile) {
    throw user_error("give exactly one of --kernel FILE or --example NAME (or a --bios FILE to boot alone)");
  }
  if (!o.initrd.empty()) {
    initrd_ = read_file(o.initrd);
    if (initrd_.empty()) throw user_error("{}: the file is empty", o.initrd);
    spec_.initrd = initrd_;
    spec_.initrd_name = o.initrd;
  }
  if (!o.dtb.empty()) {
    dtb_ = read_file(o.dtb);
    spec_.dtb = dtb_;
    spec_.dtb_name = o.dtb;
  }
  spec_.cmdline = o.cmdline;
}

}  // namespace microvm::cli
