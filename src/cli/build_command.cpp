#include "cli/build_command.h"

#include <fmt/format.h>

#include <memory>

#include "cli/project.h"
#include "core/error.h"

namespace microvm::cli {
namespace {

struct BuildOptions {
  std::string dir = ".";
  bool install_deps = false;
};

int build(const BuildOptions& o) {
  if (!fs::is_directory(o.dir)) throw user_error("{} is not a folder", o.dir);
  const std::optional<Project> project = find_project(o.dir);
  if (!project)
    throw user_error("{} has no Makefile or CMakeLists.txt: start a project with microvm init DIR", o.dir);
  const fs::path artifact = build_project(*project, o.install_deps);
  fmt::print("microvm: built {}\n", fs::relative(artifact).string());
  return 0;
}

}  // namespace

void add_build_command(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<BuildOptions>();
  CLI::App* cmd =
      app.add_subcommand("build", "Build a kernel project (Makefile or CMake) with the cross tools");
  cmd->add_option("dir", o->dir, "The project's folder")->capture_default_str();
  cmd->add_flag("--install-deps", o->install_deps, "Install missing cross tools with apt-get");
  cmd->callback([o, &action] { action = [o] { return build(*o); }; });
}

}  // namespace microvm::cli
