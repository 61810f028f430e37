// The image loaders: what `microvm run --kernel/--bios/--initrd/--load-addr` does with a file (ELF,
// Linux Image, raw binary, on no firmware, the built-in SBI or a firmware file), and the lamp
// binary loader (`microvm lamp`). Every input either loads or ends in one UserError / load error.
//
// Input: byte 0 = which loader (bits 0-2), a --load-addr (bit 3, the next 8 bytes), an initrd
// (bit 4); then the file.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/console.h"
#include "core/error.h"
#include "fuzz_input.h"
#include "lamp/machine.h"
#include "lamp/program.h"
#include "riscv/virt_board.h"

namespace {

void load_riscv(unsigned kind, std::optional<uint64_t> load_addr, bool initrd,
                std::span<const uint8_t> file) {
  using namespace microvm;
  static const int devnull = ::open("/dev/null", O_WRONLY);
  static const std::vector<uint8_t> small_initrd(4096, 0x5A);
  static const std::vector<uint8_t> tiny_kernel{0x73, 0x00, 0x50, 0x10};  // wfi
  if (file.empty()) return;  // the command line refuses empty files before loading
  Console console(-1, devnull);
  riscv::VirtConfig config;
  config.memory_mib = 16;
  riscv::VirtBoard board(config, console);
  riscv::BootSpec spec;
  spec.kernel = file;
  spec.kernel_name = "fuzz";
  switch (kind) {
    case 0: spec.firmware = riscv::FirmwareKind::kNone; break;
    case 1: spec.firmware = riscv::FirmwareKind::kBuiltin; break;
    case 2:  // --bios auto
      spec.firmware =
          riscv::is_linux_image(file) ? riscv::FirmwareKind::kBuiltin : riscv::FirmwareKind::kNone;
      break;
    case 3:  // the file as a firmware, booting alone
      spec.kernel = {};
      spec.firmware = riscv::FirmwareKind::kFile;
      spec.firmware_image = file;
      spec.firmware_name = "fuzz";
      break;
    default:  // the file as a firmware, with a kernel after it
      spec.kernel = tiny_kernel;
      spec.firmware = riscv::FirmwareKind::kFile;
      spec.firmware_image = file;
      spec.firmware_name = "fuzz";
      break;
  }
  spec.load_addr = load_addr;
  if (initrd) spec.initrd = small_initrd, spec.initrd_name = "initrd";
  spec.cmdline = "console=ttyS0";
  try {
    board.boot(spec);
  } catch (const UserError&) {
  }
}

void load_lamp(std::span<const uint8_t> file) {
  using namespace microvm::lamp;
  std::string error;
  const std::optional<Program> program = parse_program(std::vector<uint8_t>(file.begin(), file.end()), error);
  if (!program) return;
  Machine machine(MachineConfig{});
  // "Program too large" and such (the original's load failures) come back as a message.
  (void)machine.load(*program);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  microvm::fuzz::FuzzInput in(data, size);
  const uint8_t how = in.take<uint8_t>();
  std::optional<uint64_t> load_addr;
  if (how & 8) load_addr = in.take<uint64_t>();
  const unsigned kind = how & 7;
  if (kind >= 6) {
    load_lamp(in.rest());
  } else {
    load_riscv(kind, load_addr, how & 16, in.rest());
  }
  return 0;
}
