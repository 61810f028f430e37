#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace microvm::cli {

// `microvm help [TOPIC]`: the longer help that does not fit beside an option (machines, boot,
// devices, debugging, snapshots, testing). The text is compiled in, so it needs no install.
void add_help_command(CLI::App& app, std::function<int()>& action);

struct HelpTopic {
  const char* name;
  const char* summary;
  const char* text;
};
const std::vector<HelpTopic>& help_topics();

}  // namespace microvm::cli
