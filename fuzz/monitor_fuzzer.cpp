// The monitor (Ctrl-A c, --monitor unix:PATH, GDB's `monitor`): any command line gets an answer,
// never a crash or a hang, against a real machine whose harts run on their threads
// (fuzz/debug_machine.h) and start stopped; `cont` and `stop` really resume and stop them.
//
// Input: byte 0 bit 0 = two harts; the rest is command lines separated by newlines.
#include <cstdint>
#include <string>

#include "debug_machine.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace microvm;
  fuzz::FuzzInput in(data, size);
  const unsigned harts = (in.take<uint8_t>() & 1) + 1;
  const auto rest = in.rest();
  const std::string text(reinterpret_cast<const char*>(rest.data()), rest.size());
  fuzz::DebugMachine machine(harts);
  size_t start = 0;
  for (unsigned n = 0; start <= text.size() && n < 64; ++n) {
    const size_t end = std::min(text.find('\n', start), text.size());
    machine.monitor().execute(text.substr(start, end - start));
    start = end + 1;
  }
  return 0;
}
