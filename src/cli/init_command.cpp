#include "cli/init_command.h"

#include <fmt/format.h>

#include <memory>

#include "cli/project.h"
#include "core/error.h"

namespace microvm::cli {
namespace {

struct InitOptions {
  std::string dir;
  std::string template_name = "c";
  bool force = false;
};

std::vector<std::string> template_names(const fs::path& root) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

int init(const InitOptions& o) {
  const fs::path root = templates_dir();
  const fs::path source = root / o.template_name;
  if (o.template_name.find('/') != std::string::npos || !fs::is_directory(source)) {
    std::string known;
    for (const std::string& n : template_names(root)) known += (known.empty() ? "" : ", ") + n;
    throw user_error("no template called '{}' (there is: {})", o.template_name, known);
  }
  const fs::path dir = o.dir;
  std::error_code ec;
  if (fs::exists(dir) && !fs::is_directory(dir)) throw user_error("{} exists and is not a folder", o.dir);
  if (fs::is_directory(dir) && !fs::is_empty(dir) && !o.force)
    throw user_error("{} is not empty: choose a new folder, or add --force to write the template over it",
                     o.dir);
  fs::create_directories(dir, ec);
  if (ec) throw user_error("cannot create {}: {}", o.dir, ec.message());
  fs::copy(source, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) throw user_error("cannot copy the template into {}: {}", o.dir, ec.message());
  // An install may hold the templates read-only; the project is the user's to edit.
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add, ec);
  }
  fmt::print("Created {} from the '{}' template. Next:\n", o.dir, o.template_name);
  fmt::print("  cd {}\n  microvm build          # build it with Debian's cross tools\n", o.dir);
  fmt::print("  microvm run            # boot it\n");
  fmt::print("  microvm test tests/boot.toml   # check what it prints\n");
  fmt::print("Read {}/README.md for a tour of the code.\n", o.dir);
  return 0;
}

}  // namespace

void add_init_command(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", "Create a new kernel project from a starter kit");
  cmd->add_option("dir", o->dir, "The new project's folder")->required();
  cmd->add_option("-t,--template", o->template_name, "Starter kit: c, cpp, rust, sbi or lamp")
      ->capture_default_str();
  cmd->add_flag("--force", o->force, "Write into a folder that is not empty");
  cmd->callback([o, &action] { action = [o] { return init(*o); }; });
}

}  // namespace microvm::cli
