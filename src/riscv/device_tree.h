// The flattened device tree microvm hands a kernel in a1: the shape of QEMU virt's, built with
// libfdt, describing exactly the machine that runs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/device.h"

namespace microvm::riscv {

struct DeviceTreeParams {
  unsigned harts = 1;
  uint64_t ram_base = 0;
  uint64_t ram_size = 0;
  uint64_t timebase_hz = 0;             // the frequency of the clock the harts' time counts (Clock::hz)
  std::string isa;                      // riscv,isa, e.g. "rv64imac_zicsr_zifencei"
  std::vector<std::string> extensions;  // riscv,isa-extensions
  std::string mmu_type;                 // e.g. "riscv,sv57"
  std::string bootargs;
  std::optional<std::pair<uint64_t, uint64_t>> initrd;  // start, end
  // A simple-framebuffer in RAM, reserved (no-map) so that the kernel leaves it alone.
  struct Screen {
    uint64_t base, reserve;
    unsigned width, height;
  };
  std::optional<Screen> screen;
  // The devices under /soc, in this order, each where the board mapped it. QEMU lists them highest
  // address first; microvm gives virtio slots lowest first so that Linux, which probes in tree
  // order, names its disks in --disk order from 0x1000_1000.
  struct Placed {
    uint64_t base;
    DeviceNode node;
  };
  std::vector<Placed> devices;
};

// Builds the blob; throws std::runtime_error if libfdt fails (a bug, not a user error).
std::vector<uint8_t> build_device_tree(const DeviceTreeParams& params);

// The user's own blob (--dtb) with /chosen updated for the command line and initrd, as QEMU
// does with -dtb. A file that is not a valid device tree is a UserError.
std::vector<uint8_t> patch_chosen(std::span<const uint8_t> blob, const std::string& name,
                                  const std::string& bootargs,
                                  std::optional<std::pair<uint64_t, uint64_t>> initrd);

// The tree as DTS source text (what `microvm dts` prints).
std::string device_tree_source(std::span<const uint8_t> blob);

}  // namespace microvm::riscv
