// The GDB stub: any byte stream from a GDB client gets replies, never a crash or a hang, against a
// real machine whose harts run on their threads (fuzz/debug_machine.h). Resuming packets really
// resume it; the harness then stops it (a break-in) and sends the stop reply, as the server does.
//
// Input: byte 0 bit 0 = two harts; the rest is what the client sends.
#include <cstdint>
#include <string_view>

#include "core/gdb/packet.h"
#include "core/gdb/session.h"
#include "debug_machine.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace microvm;
  fuzz::FuzzInput in(data, size);
  const unsigned harts = (in.take<uint8_t>() & 1) + 1;
  const auto stream = in.rest();
  fuzz::DebugMachine machine(harts);
  gdb::Session session(machine.target());
  session.attached(machine.target().halt());
  gdb::PacketReader reader;
  reader.feed(std::string_view(reinterpret_cast<const char*>(stream.data()), stream.size()));
  while (auto event = reader.next()) {
    session.handle(*event);
    if (session.finished()) break;
    if (session.running()) {
      // Let it run a moment (a step or a breakpoint may stop it by itself), then break in.
      auto stop = machine.target().wait_stop(std::chrono::milliseconds(1));
      if (!stop) {
        machine.target().stop();
        stop = machine.target().halt();
      }
      session.stopped(*stop);
    }
  }
  return 0;
}
