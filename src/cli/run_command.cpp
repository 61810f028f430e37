#include "cli/run_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cli/examples.h"
#include "cli/numbers.h"
#include "core/console.h"
#include "core/error.h"
#include "core/file.h"
#include "core/signals.h"
#include "riscv/virt_board.h"

namespace microvm::cli {
namespace {

struct RunOptions {
  std::string kernel;
  std::string example;
  std::string load_addr = "0x80000000";
  std::string memory = "128";
  std::string max_insns;
  std::string timeout_secs;
};

int run(const RunOptions& o) {
  if (o.kernel.empty() == o.example.empty()) {
    throw user_error("give exactly one of --kernel FILE or --example NAME");
  }
  std::vector<uint8_t> file;
  std::span<const uint8_t> image;
  std::string name;
  if (!o.kernel.empty()) {
    file = read_file(o.kernel);
    image = file;
    name = o.kernel;
  } else {
    const Example* example = find_example(o.example);
    if (!example) {
      std::string known;
      for (const Example& e : examples()) known += (known.empty() ? "" : ", ") + e.name;
      throw user_error("no example called '{}' (there is: {})", o.example, known);
    }
    image = example->image;
    name = example->name;
  }

  riscv::VirtConfig config;
  config.memory_mib = parse_number(o.memory, "--memory");
  if (!o.max_insns.empty()) config.insn_limit = parse_number(o.max_insns, "--max-insns");
  const uint64_t load_addr = parse_number(o.load_addr, "--load-addr");
  std::optional<std::chrono::milliseconds> timeout;
  if (!o.timeout_secs.empty()) timeout = std::chrono::seconds(parse_number(o.timeout_secs, "--timeout-secs"));

  install_stop_signals();
  Console console;
  console.start_input();
  for (;;) {
    riscv::VirtBoard board(config, console);
    console.on_quit([&board] { board.run_control().request_stop(StopReason::kUserQuit, 0); });
    board.boot_machine_mode(board.load_kernel(image, name, load_addr));
    board.run(timeout);
    console.on_quit(nullptr);
    const RunControl& rc = board.run_control();
    if (rc.reason() == StopReason::kReset) continue;  // the guest asked for a reboot
    console.stop_input();
    if (!rc.message().empty()) fmt::print(stderr, "microvm: {}\n", rc.message());
    // Exit statuses are 8 bits: a guest failure code above 255 must not wrap to "success".
    return std::min(rc.exit_code(), 255);
  }
}

}  // namespace

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Boot a kernel on the RISC-V virt machine (QEMU virt compatible)");
  cmd->add_option("-k,--kernel", options->kernel, "Kernel: an ELF64 file, or a raw binary loaded at --load-addr");
  cmd->add_option("--example", options->example, "Boot a built-in example kernel instead (minimal-kernel)");
  cmd->add_option("--load-addr", options->load_addr, "Where a raw binary is loaded and started")
      ->capture_default_str();
  cmd->add_option("-m,--memory", options->memory, "RAM in MiB")->capture_default_str();
  cmd->add_option("--max-insns", options->max_insns, "Stop after each hart ran N instructions (exit status 125)");
  cmd->add_option("--timeout-secs", options->timeout_secs, "Stop after S seconds of wall time (exit status 124)");
  cmd->callback([options, &action] { action = [options] { return run(*options); }; });
}

}  // namespace microvm::cli
