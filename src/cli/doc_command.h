#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace microvm::cli {

// `microvm gen-doc man|bash|zsh`: the man page and the shell completions, generated from the
// option definitions (the build runs it; hidden from --help).
void add_doc_command(CLI::App& app, std::function<int()>& action);

std::string man_page(const CLI::App& app);
std::string lampvm_man_page();
std::string bash_completion(const CLI::App& app);
std::string zsh_completion(const CLI::App& app);

}  // namespace microvm::cli
