// The lamp assembler (`microvm lamp-asm`): any source text either assembles or ends in one AsmError
// ("file:line: message"); an assembled program must also load as the binary it serializes to.
#include <cstdint>
#include <string>

#include "lamp/assembler.h"
#include "lamp/program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace microvm::lamp;
  const std::string source(reinterpret_cast<const char*>(data), size);
  try {
    const Program program = assemble_source(source, "fuzz.asm", AsmOptions{});
    std::string error;
    if (!parse_program(program.serialize(), error)) __builtin_trap();  // what it wrote must load
  } catch (const AsmError&) {
  }
  return 0;
}
