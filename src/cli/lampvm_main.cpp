// lampvm: the original LampVM's command line, exactly (spec §5): --bin (default boot.bin),
// --smp 1..64 (strict decimal), --selftest, --help. Like the original it uses ./disk.img in the
// current directory, creating it when missing.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/lamp_run.h"
#include "core/error.h"

namespace {

void usage(FILE* out, const char* argv0) {
  std::fprintf(out, "Usage: %s [--bin <file>] [--smp <cores>] [--selftest]\n", argv0);
  std::fprintf(out, "Defaults: --bin boot.bin --smp 1\n");
}

}  // namespace

int main(int argc, char** argv) {
  microvm::cli::LampRunOptions o;
  o.disk = "./disk.img";
  o.create_disk = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--bin") {
      if (i + 1 >= argc) {
        usage(stderr, argv[0]);
        return 1;
      }
      o.bin = argv[++i];
    } else if (arg == "--smp") {
      if (i + 1 >= argc || !microvm::cli::parse_smp(argv[i + 1], o.smp)) {
        std::fprintf(stderr, "Invalid --smp value. Expected integer in [1, 64].\n");
        usage(stderr, argv[0]);
        return 1;
      }
      ++i;
    } else if (arg == "--selftest") {
      o.selftest = true;
    } else if (arg == "--help" || arg == "-h") {
      usage(stdout, argv[0]);
      return 0;
    } else {
      std::fprintf(stderr, "Unknown argument: %s\n", arg.c_str());
      usage(stderr, argv[0]);
      return 1;
    }
  }
  try {
    return microvm::cli::run_lamp(o);
  } catch (const microvm::UserError& e) {
    std::fprintf(stderr, "lampvm: error: %s\n", e.what());
    return 1;
  }
}
