// `microvm run --dtb FILE`: the user's device tree goes to the guest with /chosen patched (bootargs,
// initrd). Any blob either boots or ends in one UserError.
//
// Input: byte 0 = firmware (bit 0: built-in SBI), initrd (bit 1), a command line (bits 2-7: its
// length, taken next); then the blob.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/console.h"
#include "core/error.h"
#include "fuzz_input.h"
#include "riscv/virt_board.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace microvm;
  static const int devnull = ::open("/dev/null", O_WRONLY);
  static const std::vector<uint8_t> initrd(4096, 0x5A);
  static const std::vector<uint8_t> kernel{0x73, 0x00, 0x50, 0x10};  // wfi
  fuzz::FuzzInput in(data, size);
  const uint8_t how = in.take<uint8_t>();
  const std::span<const uint8_t> cmdline = in.bytes(how >> 2);
  const std::span<const uint8_t> blob = in.rest();

  Console console(-1, devnull);
  riscv::VirtConfig config;
  config.memory_mib = 16;
  riscv::VirtBoard board(config, console);
  riscv::BootSpec spec;
  spec.kernel = kernel;
  spec.kernel_name = "kernel";
  spec.firmware = (how & 1) ? riscv::FirmwareKind::kBuiltin : riscv::FirmwareKind::kNone;
  if (how & 2) spec.initrd = initrd, spec.initrd_name = "initrd";
  spec.cmdline.assign(cmdline.begin(), cmdline.end());
  spec.dtb = blob;
  spec.dtb_name = "fuzz.dtb";
  try {
    board.boot(spec);
  } catch (const UserError&) {
    return 0;
  }
  // The guest's first instructions read the tree (the built-in SBI walks it too).
  for (unsigned i = 0; i < 4 && !board.run_control().stop_requested(); ++i) board.hart(0).run_for(100);
  return 0;
}
