// A playground project on disk: what `microvm init` creates and `microvm build`/`microvm run` use.
// A project is a folder with a Makefile (or a CMakeLists.txt) and, optionally, a microvm.toml that
// names the artifact, the cross tools the build needs and the machine to boot it on.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace microvm::cli {

namespace fs = std::filesystem;

// The running executable (/proc/self/exe).
fs::path executable_path();

// The folder that holds the starter kits: <exe dir>/../share/microvm/templates (an install),
// else the source tree's templates/ (the path CMake baked in). MICROVM_TEMPLATES overrides both.
fs::path templates_dir();

struct Project {
  fs::path dir;
  enum class Kind { kMake, kCMake } kind = Kind::kMake;
  std::string artifact;            // relative to dir; empty: find it after the build
  std::vector<std::string> tools;  // commands the build runs (checked before it starts)
  // How to boot the artifact (the [run] table).
  std::string machine = "riscv";  // or "lamp"
  std::string bios;               // empty: the run command's default
  std::string cpus;
  std::string memory;
};

// The project in `dir`, or nothing when there is neither a Makefile nor a CMakeLists.txt.
// A bad microvm.toml is a UserError.
std::optional<Project> find_project(const fs::path& dir);

// The Debian package that provides a command (or the pseudo-tool rust-src).
std::string debian_package_for(const std::string& tool);

// Tools of `project` that are not on PATH.
std::vector<std::string> missing_tools(const Project& project);

// Builds the project (make / cmake), showing the build's own output (on stderr when
// output_to_stderr, so that stdout stays the guest's); returns the artifact's path. Missing tools
// are a UserError naming the packages, unless install_deps installs them first.
fs::path build_project(const Project& project, bool install_deps, bool output_to_stderr = false);

}  // namespace microvm::cli
