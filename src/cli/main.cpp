// microvm: a lightweight system emulator and OS-development playground.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/app.h"
#include "core/error.h"
#include "core/run_control.h"

int main(int argc, char** argv) {
  using namespace microvm;
  CLI::App app{"microvm: boot your own kernel (or Linux) in one command, and see what it does."};
  std::function<int()> action;
  cli::build_app(app, action);

  std::string known;
  bool is_command = false;
  for (const CLI::App* sub : app.get_subcommands({})) {
    known += (known.empty() ? "" : ", ") + sub->get_name();
    if (argc > 1 && sub->get_name() == argv[1]) is_command = true;
  }
  if (argc > 1 && argv[1][0] != '-' && !is_command) {
    fmt::print(stderr, "microvm: error: unknown command '{}' (commands: {})\n", argv[1], known);
    return exit_status::kUsage;
  }
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
  } catch (const std::exception& e) {
    // Not the user's fault: a bug in microvm. Say so in one line rather than abort.
    fmt::print(stderr, "microvm: internal error: {} (please report this)\n", e.what());
    return exit_status::kInternal;
  }
}
