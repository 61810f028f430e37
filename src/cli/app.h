#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace microvm::cli {

// Every `microvm` subcommand and option, defined once: main() parses with it, and the man page
// and the shell completions are generated from it (`microvm gen-doc`), so they cannot drift.
void build_app(CLI::App& app, std::function<int()>& action);

// "microvm 0.1.0 (commit abc1234)"
const char* version_string();

}  // namespace microvm::cli
