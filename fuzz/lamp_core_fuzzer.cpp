// Lamp instruction streams: the fuzzed words are the program's text (each word's opcode byte moved
// onto a defined opcode, registers into 0..63 so that bad ones still occur), run on one or two
// cores until they halt or panic or have run about 200,000 cycles. A guest panic is the guest's
// fault and ends the run with a report; nothing may crash the host.
//
// Input: byte 0 = two cores (bit 0); then 8-byte instruction words.
#include <chrono>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_input.h"
#include "lamp/isa.h"
#include "lamp/layout.h"
#include "lamp/machine.h"
#include "lamp/program.h"

namespace {

std::vector<uint8_t> defined_opcodes() {
  std::vector<uint8_t> out;
  for (unsigned op = 0; op < 256; ++op) {
    if (microvm::lamp::op_info(static_cast<uint8_t>(op))) out.push_back(static_cast<uint8_t>(op));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace microvm::lamp;
  static const std::vector<uint8_t> opcodes = defined_opcodes();
  static const uint8_t memset_op = *opcode_by_name("MEMSET"), memcpy_op = *opcode_by_name("MEMCPY");
  microvm::fuzz::FuzzInput in(data, size);
  const uint8_t how = in.take<uint8_t>();
  Program program;
  program.text_base = kDefaultTextBase;
  while (!in.empty() && program.text.size() < 64 * 1024) {
    uint64_t word = in.take<uint64_t>();
    const uint8_t op = static_cast<uint8_t>(word >> 56);
    const uint8_t fixed = op_info(op) ? op : opcodes[op % opcodes.size()];
    word = (word & 0x003F3F3FFFFFFFFFull) | uint64_t{fixed} << 56;  // registers 0..63
    // MEMSET and MEMCPY are byte loops of imm bytes (up to 64 MiB inside RAM): legal, but one such
    // instruction takes a second under the sanitizers. Keep them short so runs stay fast.
    if (fixed == memset_op || fixed == memcpy_op) word &= ~0xFFFF0000ull;
    for (int k = 0; k < 8; ++k) program.text.push_back(static_cast<uint8_t>(word >> (8 * k)));
  }
  program.text_size = static_cast<uint32_t>(program.text.size());
  program.data_base = program.bss_base = program.text_base + program.text_size;

  MachineConfig config;
  config.smp = (how & 1) ? 2 : 1;
  Machine machine(config);
  if (machine.load(program)) return 0;  // refused, with the original's message
  machine.start();
  for (int i = 0; i < 100 && machine.total_cycles() < 200'000; ++i) {
    if (machine.run_control().wait_for_stop(std::chrono::milliseconds(1))) break;
  }
  machine.halt();
  machine.join();
  return 0;
}
