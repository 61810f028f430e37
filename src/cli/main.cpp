// microvm: a lightweight system emulator and OS-development playground.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <functional>

#include "cli/run_command.h"
#include "core/error.h"
#include "core/run_control.h"

#ifndef MICROVM_VERSION
#define MICROVM_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  using namespace microvm;
  CLI::App app{"microvm: boot your own kernel (or Linux) in one command, and see what it does."};
  app.set_version_flag("--version", "microvm " MICROVM_VERSION);
  app.require_subcommand(1);
  std::function<int()> action;
  cli::add_run_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "microvm: error: {} (see microvm --help)\n", e.what());
    return exit_status::kUsage;
  }
  try {
    return action();
  } catch (const UserError& e) {
    fmt::print(stderr, "microvm: error: {}\n", e.what());
    return exit_status::kError;
  }
}
