// The options that describe a riscv machine and what it boots, shared by `run` and `dts`.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/disk_image.h"
#include "core/file.h"
#include "devices/virtio/virtio_9p_fs.h"
#include "frontends/slirp_network.h"
#include "riscv/virt_board.h"

namespace microvm::cli {

struct MachineOptions {
  std::string kernel;
  std::string example;
  std::string bios = "auto";
  std::string initrd;
  std::string cmdline;
  std::string dtb;
  std::string load_addr;
  std::string memory = "128";
  std::string cpus = "1";
  std::string cpu = "rv64";
  std::string vlen = "128";
  std::string max_insns;
  std::vector<std::string> disks;
  std::vector<std::string> shares;
  std::string net = "none";
  std::string mac;
  std::string stdin_target = "auto";
  bool virtio_legacy = false;
  bool deterministic = false;
  std::string jit;  // on, off; empty: the default (riscv::jit::default_mode)
  bool jit_audit = false;
  bool semihosting = false;
  std::string semihosting_root;
  std::string display = "none";  // sdl: show the screen in a window
  std::string screenshot;        // PNG of the screen when the run ends
  bool keyboard = false;         // a virtio-input keyboard without a screen too
  bool tablet = false;           // a virtio-input tablet without a screen too
};

// --disk FILE[,ro]; a comma inside the file name is written twice, as QEMU's ",,".
struct DiskSpec {
  std::string path;
  bool read_only = false;
};
DiskSpec parse_disk_option(const std::string& spec);

// --share DIR[,tag=NAME][,ro]; the tag is what the guest mounts (default "share").
struct ShareSpec {
  std::string path;
  std::string tag = "share";
  bool read_only = false;
};
ShareSpec parse_share_option(const std::string& spec);

void add_machine_options(CLI::App& cmd, MachineOptions& options);

// The files named by the options, read and checked, and the BootSpec that points into them.
class BootInputs {
 public:
  // `need_kernel`: false for commands that only describe the machine (dts).
  explicit BootInputs(const MachineOptions& options, bool need_kernel = true);
  const riscv::VirtConfig& config() const { return config_; }
  const riscv::BootSpec& spec() const { return spec_; }
  const std::vector<DiskSpec>& disks() const { return disks_; }
  const std::vector<ShareSpec>& shares() const { return shares_; }
  const std::optional<UserNetConfig>& net() const { return net_; }

 private:
  riscv::VirtConfig config_;
  std::vector<DiskSpec> disks_;
  std::vector<ShareSpec> shares_;
  std::optional<UserNetConfig> net_;
  riscv::BootSpec spec_;
  FileBytes kernel_, firmware_, initrd_;
  std::vector<uint8_t> dtb_;
};

// The host side of the virtio devices (open disk images, the network stack), set up once per
// run and kept across guest reboots.
class DeviceBackends {
 public:
  explicit DeviceBackends(const BootInputs& inputs);
  // The machine configuration with these backends behind its devices.
  riscv::VirtConfig config(const BootInputs& inputs) const;

 private:
  std::vector<std::unique_ptr<DiskImage>> disks_;
  std::vector<std::unique_ptr<devices::ShareFolder>> folders_;
  std::unique_ptr<SlirpNetwork> net_;
};

}  // namespace microvm::cli
