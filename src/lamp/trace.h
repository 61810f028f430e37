// `microvm lamp --trace FILE`: one line per instruction, written before it runs, by every core:
// `core N ip=0x........ RAW  DISASSEMBLY`, and a line for each hardware interrupt a core takes.
// Cores trace into one file under a lock; a traced core looks at every instruction (service()),
// an untraced run pays nothing.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace microvm::lamp {

class Machine;

class Tracer {
 public:
  // `path` "-" is stderr; a file that cannot be created is a UserError.
  explicit Tracer(const std::string& path);
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  void instruction(Machine& machine, unsigned core, uint32_t ip);
  void interrupt(unsigned core, unsigned vector, uint32_t handler);

 private:
  std::mutex mutex_;
  FILE* out_;
  bool owned_;
};

}  // namespace microvm::lamp
