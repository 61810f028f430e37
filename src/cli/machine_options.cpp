#include "cli/machine_options.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/examples.h"
#include "core/error.h"
#include "core/file.h"
#include "core/numbers.h"

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
  cmd.add_option("--cpu", o.cpu,
                 "The harts' extensions: rv64 (all) then name=off for each one to leave out, as in "
                 "rv64,zbb=off,m=off (src/riscv/extensions.h lists them)")
      ->capture_default_str();
  cmd.add_option("--vlen", o.vlen, "The vector registers' width in bits (V): a power of two from 64 to 1024")
      ->capture_default_str();
  cmd.add_option("--max-insns", o.max_insns, "Stop after each hart ran N instructions (exit status 125)");
  cmd.add_option(
      "--disk", o.disks,
      "Raw disk image FILE[,ro] as a virtio-blk disk; repeat for more, up to 5 (4 beside a keyboard, 3 "
      "beside a tablet or a screen; the first is at 0x10001000, Linux's /dev/vda)");
  cmd.add_option(
      "--share", o.shares,
      "Host folder DIR[,tag=NAME][,ro] as a virtio-9p device (9P2000.L), confined to DIR; in Linux: "
      "mount -t 9p -o trans=virtio,version=9p2000.L NAME /mnt (NAME defaults to share); repeat "
      "for more (disks and shares together: up to 5; 4 beside a keyboard, 3 beside a tablet or a screen)");
  cmd.add_option("--net", o.net,
                 "Network card: user (libslirp: DHCP 10.0.2.15, host loopback at 10.0.2.2, DNS 10.0.2.3), "
                 "user,hostfwd=tcp::HOSTPORT-:GUESTPORT (repeatable), or none")
      ->capture_default_str();
  cmd.add_option("--mac", o.mac, "MAC address of the network card (default 52:54:00:12:34:56)");
  cmd.add_option("--stdin", o.stdin_target,
                 "Which console reads the keyboard: uart (ttyS0 and the SBI console, Linux's hvc0), virtio "
                 "(the virtio-console, Linux's hvc1), or auto = virtio when the kernel command line's last "
                 "console= is hvc1 or above, else uart")
      ->capture_default_str();
  cmd.add_flag("--virtio-legacy", o.virtio_legacy,
               "Legacy (version 1) virtio-mmio transports, as QEMU's default force-legacy=on");
  cmd.add_flag(
      "--deterministic", o.deterministic,
      "Run the harts in turns on one thread with time following instructions: same input, same output");
  cmd.add_option("--jit", o.jit,
                 "Translate guest code to host code (x86-64 builds with asmjit): on (the default where the "
                 "build has a translator; MICROVM_JIT=off in the environment makes off the default), or off "
                 "(interpret)");
  cmd.add_flag("--jit-audit", o.jit_audit,
               "Run every translated block on the interpreter too and stop at the first difference "
               "(slow; for checking the translator)");
  cmd.add_flag("--semihosting", o.semihosting,
               "Serve RISC-V semihosting calls (console, clocks, exit; files with --semihosting-root), as "
               "qemu -semihosting; without it the call's ebreak is a breakpoint");
  cmd.add_option("--semihosting-root", o.semihosting_root,
                 "The directory semihosting guests may open files in (implies --semihosting); without it, "
                 "no host files");
  cmd.add_option(
         "--display", o.display,
         "sdl: give the machine a screen (an 800x600 simple-framebuffer at the top of RAM) shown in a "
         "window; none: no screen unless --screenshot asks for one")
      ->capture_default_str();
  cmd.add_option("--screenshot", o.screenshot,
                 "Give the machine a screen and save it to FILE (PNG) when the run ends");
  cmd.add_flag("--keyboard", o.keyboard,
               "Give the machine a virtio-input keyboard (in slot 4, at 0x10005000) even without a screen; "
               "a screen always has one. Keys come from the window and the monitor's sendkey");
  cmd.add_flag("--tablet", o.tablet,
               "Give the machine a virtio-input tablet (in slot 3, at 0x10004000; disks and shares then "
               "have room for 3) even without a screen; a screen always has one. It follows the window's "
               "mouse and the monitor's mouse_move and mouse_button");
}

DiskSpec parse_disk_option(const std::string& spec) {
  DiskSpec disk;
  size_t i = 0;
  // The file name runs to the first single comma; ",," is a literal comma.
  for (; i < spec.size(); ++i) {
    if (spec[i] == ',') {
      if (i + 1 < spec.size() && spec[i + 1] == ',') {
        disk.path.push_back(',');
        ++i;
        continue;
      }
      break;
    }
    disk.path.push_back(spec[i]);
  }
  if (disk.path.empty())
    throw user_error("--disk '{}': give a file name, e.g. --disk disk.img or --disk disk.img,ro", spec);
  while (i < spec.size()) {
    const size_t next = spec.find(',', i + 1);
    const std::string option =
        spec.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1);
    if (option == "ro") {
      disk.read_only = true;
    } else {
      throw user_error("--disk {}: unknown option '{}' (the option there is: ro)", spec, option);
    }
    if (next == std::string::npos) break;
    i = next;
  }
  return disk;
}

ShareSpec parse_share_option(const std::string& spec) {
  ShareSpec share;
  size_t i = 0;
  // As --disk: the folder name runs to the first single comma; ",," is a literal comma.
  for (; i < spec.size(); ++i) {
    if (spec[i] == ',') {
      if (i + 1 < spec.size() && spec[i + 1] == ',') {
        share.path.push_back(',');
        ++i;
        continue;
      }
      break;
    }
    share.path.push_back(spec[i]);
  }
  if (share.path.empty())
    throw user_error("--share '{}': give a folder, e.g. --share ./src or --share ./src,tag=src,ro", spec);
  while (i < spec.size()) {
    const size_t next = spec.find(',', i + 1);
    const std::string option =
        spec.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1);
    if (option == "ro") {
      share.read_only = true;
    } else if (option.starts_with("tag=")) {
      share.tag = option.substr(4);
      const bool plain = std::all_of(share.tag.begin(), share.tag.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      });
      if (share.tag.empty() || share.tag.size() > 31 || !plain)
        throw user_error("--share {}: the tag must be 1 to 31 letters, digits, '_', '-' or '.'", spec);
    } else {
      throw user_error("--share {}: unknown option '{}' (the options there are: tag=NAME, ro)", spec, option);
    }
    if (next == std::string::npos) break;
    i = next;
  }
  return share;
}

namespace {

std::array<uint8_t, 6> parse_mac(const std::string& text) {
  std::array<uint8_t, 6> mac{};
  unsigned bytes[6];
  char tail;
  if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &bytes[0], &bytes[1], &bytes[2], &bytes[3],
                  &bytes[4], &bytes[5], &tail) != 6 ||
      text.size() != 17) {
    throw user_error("--mac {}: expected six hex bytes like 52:54:00:12:34:56", text);
  }
  for (int i = 0; i < 6; ++i) mac[i] = static_cast<uint8_t>(bytes[i]);
  if (mac[0] & 1) throw user_error("--mac {}: a multicast address cannot name a network card", text);
  return mac;
}

// Linux makes the last console= on its command line /dev/console. Its virtio-console is hvc1:
// hvc0 is the SBI console (CONFIG_HVC_RISCV_SBI, as in the shared guest and Debian's kernels),
// which shares the serial line with the UART.
bool console_is_virtio(const std::string& cmdline) {
  std::string last;
  size_t pos = 0;
  while (pos < cmdline.size()) {
    const size_t start = cmdline.find_first_not_of(" \t\n", pos);
    if (start == std::string::npos) break;
    const size_t end = std::min(cmdline.find_first_of(" \t\n", start), cmdline.size());
    const std::string word = cmdline.substr(start, end - start);
    if (word.starts_with("console=")) last = word.substr(8, word.find(',') - 8);
    pos = end;
  }
  return last.starts_with("hvc") && last != "hvc0";
}

}  // namespace

BootInputs::BootInputs(const MachineOptions& o, bool need_kernel) {
  config_.memory_mib = parse_number(o.memory, "--memory");
  // A screen comes with a keyboard and a tablet, as QEMU's graphical machines come with a USB
  // keyboard and tablet.
  const bool screen = o.display == "sdl" || !o.screenshot.empty();
  config_.devices.keyboard = o.keyboard || screen;
  config_.devices.tablet = o.tablet || screen;
  riscv::VirtBoard::check(config_, o.disks.size());
  const uint64_t cpus = parse_number(o.cpus, "--cpus");
  if (cpus < 1 || cpus > 64) throw user_error("--cpus {} is out of range: give 1 to 64", o.cpus);
  config_.harts = static_cast<unsigned>(cpus);
  config_.isa = riscv::Isa::parse(o.cpu);
  const uint64_t vlen = parse_number(o.vlen, "--vlen");
  if (vlen < riscv::kMinVlen || vlen > riscv::kMaxVlen || (vlen & (vlen - 1)) != 0)
    throw user_error("--vlen {}: give a power of two from {} to {}", o.vlen, riscv::kMinVlen,
                     riscv::kMaxVlen);
  config_.isa.set_vlen(static_cast<unsigned>(vlen));
  config_.deterministic = o.deterministic;
  if (!o.jit.empty() && o.jit != "on" && o.jit != "off") throw user_error("--jit {}: give on or off", o.jit);
  if ((o.jit == "on" || o.jit_audit) && !riscv::jit::available())
    throw user_error("{}: this build has no translator (it needs asmjit and an x86-64 host)",
                     o.jit_audit ? "--jit-audit" : "--jit on");
  if (o.jit_audit && o.jit == "off")
    throw user_error("--jit-audit audits the translator: not with --jit off");
  if (!o.jit.empty()) config_.jit = o.jit == "on" ? riscv::JitMode::kOn : riscv::JitMode::kOff;
  if (o.jit_audit) config_.jit = riscv::JitMode::kAudit;
  const uint64_t ram_bytes = config_.memory_mib << 20;
  if (!o.max_insns.empty()) config_.insn_limit = parse_number(o.max_insns, "--max-insns");
  if (!o.load_addr.empty()) spec_.load_addr = parse_number(o.load_addr, "--load-addr");

  if (!o.kernel.empty() && !o.example.empty())
    throw user_error("give --kernel FILE or --example NAME, not both");
  if (!o.kernel.empty()) {
    kernel_ = read_large_file(o.kernel, ram_bytes);
    if (kernel_.empty()) throw user_error("{}: the file is empty", o.kernel);
    spec_.kernel = kernel_.bytes();
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
    spec_.firmware =
        riscv::is_linux_image(spec_.kernel) ? riscv::FirmwareKind::kBuiltin : riscv::FirmwareKind::kNone;
  } else {
    firmware_ = read_large_file(o.bios, ram_bytes);
    if (firmware_.empty()) throw user_error("{}: the file is empty", o.bios);
    spec_.firmware = riscv::FirmwareKind::kFile;
    spec_.firmware_image = firmware_.bytes();
    spec_.firmware_name = o.bios;
  }
  if (need_kernel && spec_.kernel.empty() && spec_.firmware != riscv::FirmwareKind::kFile) {
    throw user_error("give exactly one of --kernel FILE or --example NAME (or a --bios FILE to boot alone)");
  }
  if (!o.initrd.empty()) {
    initrd_ = read_large_file(o.initrd, ram_bytes);
    if (initrd_.empty()) throw user_error("{}: the file is empty", o.initrd);
    spec_.initrd = initrd_.bytes();
    spec_.initrd_name = o.initrd;
  }
  if (!o.dtb.empty()) {
    dtb_ = read_file(o.dtb);
    spec_.dtb = dtb_;
    spec_.dtb_name = o.dtb;
  }
  spec_.cmdline = o.cmdline;

  for (const std::string& d : o.disks) disks_.push_back(parse_disk_option(d));
  for (const std::string& d : o.shares) {
    shares_.push_back(parse_share_option(d));
    for (size_t k = 0; k + 1 < shares_.size(); ++k) {
      if (shares_[k].tag == shares_.back().tag)
        throw user_error("--share {}: tag '{}' is taken by another --share; give each its own tag=NAME", d,
                         shares_.back().tag);
    }
    struct stat st;
    if (stat(shares_.back().path.c_str(), &st) != 0)
      throw user_error("--share {}: {}", shares_.back().path, std::strerror(errno));
    if (!S_ISDIR(st.st_mode)) throw user_error("--share {}: not a directory", shares_.back().path);
  }
  riscv::VirtBoard::check(config_, disks_.size(), shares_.size());
  net_ = parse_net_option(o.net);
  riscv::VirtDevices& dev = config_.devices;
  if (!o.mac.empty()) {
    if (!net_) throw user_error("--mac needs a network card: add --net user");
    dev.mac = parse_mac(o.mac);
  }
  if (o.stdin_target == "uart") {
    dev.stdin_target = riscv::StdinTarget::kUart;
  } else if (o.stdin_target == "virtio") {
    dev.stdin_target = riscv::StdinTarget::kVirtioConsole;
  } else if (o.stdin_target == "auto") {
    dev.stdin_target =
        console_is_virtio(o.cmdline) ? riscv::StdinTarget::kVirtioConsole : riscv::StdinTarget::kUart;
  } else {
    throw user_error("--stdin {}: give uart, virtio or auto", o.stdin_target);
  }
  dev.virtio_legacy = o.virtio_legacy;

  if (o.display != "none" && o.display != "sdl")
    throw user_error("--display {}: give sdl or none", o.display);
  config_.screen = o.display == "sdl" || !o.screenshot.empty();
  if (!o.screenshot.empty()) {
    // Found out now, not when the run ends and the picture would be lost.
    const std::filesystem::path folder = std::filesystem::absolute(o.screenshot).parent_path();
    if (!std::filesystem::is_directory(folder))
      throw user_error("--screenshot {}: no folder {}", o.screenshot, folder.string());
  }

  config_.semihosting.enabled = o.semihosting || !o.semihosting_root.empty();
  if (!o.semihosting_root.empty()) {
    struct stat st;
    if (stat(o.semihosting_root.c_str(), &st) != 0) {
      throw user_error("--semihosting-root {}: {}", o.semihosting_root, std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) throw user_error("--semihosting-root {}: not a directory", o.semihosting_root);
    config_.semihosting.root = o.semihosting_root;
  }
}

DeviceBackends::DeviceBackends(const BootInputs& inputs) {
  for (const DiskSpec& d : inputs.disks()) disks_.push_back(DiskImage::open(d.path, d.read_only));
  for (const ShareSpec& s : inputs.shares())
    folders_.push_back(std::make_unique<devices::ShareFolder>(s.path, s.read_only));
  if (inputs.net()) net_ = std::make_unique<SlirpNetwork>(*inputs.net());
}

riscv::VirtConfig DeviceBackends::config(const BootInputs& inputs) const {
  riscv::VirtConfig config = inputs.config();
  for (const auto& disk : disks_) config.devices.disks.push_back(disk.get());
  for (size_t i = 0; i < folders_.size(); ++i)
    config.devices.shares.push_back({folders_[i].get(), inputs.shares()[i].tag});
  config.devices.net = net_.get();
  return config;
}

}  // namespace microvm::cli
