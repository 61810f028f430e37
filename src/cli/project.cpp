#include "cli/project.h"

#include <fmt/format.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/process.h"
#include "core/error.h"

#ifndef MICROVM_SOURCE_TEMPLATES
#define MICROVM_SOURCE_TEMPLATES ""
#endif

namespace microvm::cli {
namespace {

// Where Debian's rust-src puts the standard library's sources (core is built from them).
constexpr const char* kRustSrc = "/usr/src/rustc-1.63.0/library/core/src/lib.rs";

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The tools a build file mentions, for projects without a microvm.toml that lists them.
std::vector<std::string> guess_tools(const Project& p) {
  std::vector<std::string> tools = {p.kind == Project::Kind::kMake ? "make" : "cmake"};
  const std::string text =
      read_text(p.dir / (p.kind == Project::Kind::kMake ? "Makefile" : "CMakeLists.txt"));
  if (text.find("riscv64-unknown-elf-") != std::string::npos) tools.push_back("riscv64-unknown-elf-gcc");
  if (text.find("riscv64-linux-gnu-") != std::string::npos) {
    tools.push_back("riscv64-linux-gnu-gcc");
    if (text.find("g++") != std::string::npos) tools.push_back("riscv64-linux-gnu-g++");
  }
  if (text.find("rustc") != std::string::npos) tools.push_back("rustc");
  return tools;
}

std::string string_of(const toml::table& t, const char* key, const fs::path& file) {
  const toml::node* n = t.get(key);
  if (!n) return {};
  if (auto s = n->value<std::string>()) return *s;
  if (auto i = n->value<int64_t>()) return std::to_string(*i);
  throw user_error("{}: '{}' must be a string or a number", file.string(), key);
}

void check_keys(const toml::table& t, std::initializer_list<std::string_view> known, const fs::path& file,
                std::string_view where) {
  for (const auto& [key, value] : t) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || key.str() == k;
    if (!ok) {
      std::string names;
      for (std::string_view k : known) names += fmt::format("{}{}", names.empty() ? "" : ", ", k);
      throw user_error("{}: unknown key '{}' in {} (known: {})", file.string(), key.str(), where, names);
    }
  }
}

void read_project_file(Project& p, const fs::path& file) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw user_error("{}:{}:{}: {}", file.string(), e.source().begin.line, e.source().begin.column,
                     e.description());
  }
  check_keys(root, {"build", "run"}, file, "the file");
  if (const toml::table* build = root["build"].as_table()) {
    check_keys(*build, {"artifact", "tools"}, file, "[build]");
    p.artifact = string_of(*build, "artifact", file);
    if (const toml::node* tools = build->get("tools")) {
      const toml::array* list = tools->as_array();
      if (!list) throw user_error("{}: [build] tools must be a list of commands", file.string());
      for (const toml::node& t : *list) {
        auto name = t.value<std::string>();
        if (!name) throw user_error("{}: [build] tools must be a list of commands", file.string());
        p.tools.push_back(*name);
      }
    }
  }
  if (const toml::table* run = root["run"].as_table()) {
    check_keys(*run, {"machine", "bios", "cpus", "memory"}, file, "[run]");
    if (std::string m = string_of(*run, "machine", file); !m.empty()) p.machine = m;
    if (p.machine != "riscv" && p.machine != "lamp")
      throw user_error("{}: [run] machine must be \"riscv\" or \"lamp\"", file.string());
    p.bios = string_of(*run, "bios", file);
    p.cpus = string_of(*run, "cpus", file);
    p.memory = string_of(*run, "memory", file);
  }
}

fs::path find_artifact(const Project& p) {
  if (!p.artifact.empty()) {
    const fs::path a = p.dir / p.artifact;
    if (!fs::exists(a)) throw user_error("the build succeeded but did not make {}", a.string());
    return a;
  }
  // No artifact named: the newest kernel-looking file in the project or its build/ folder.
  fs::path best;
  fs::file_time_type best_time;
  for (const fs::path& dir : {p.dir, p.dir / "build"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".elf" && ext != ".bin")) continue;
      if (best.empty() || entry.last_write_time() > best_time) {
        best = entry.path();
        best_time = entry.last_write_time();
      }
    }
  }
  if (best.empty())
    throw user_error("the build of {} made no .elf or .bin file: name it in microvm.toml ([build] artifact)",
                     p.dir.string());
  return best;
}

}  // namespace

fs::path executable_path() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw user_error("cannot find the microvm executable (/proc/self/exe): {}", ec.message());
  return exe;
}

fs::path templates_dir() {
  if (const char* over = std::getenv("MICROVM_TEMPLATES"); over && *over) return over;
  const fs::path installed = executable_path().parent_path() / ".." / "share" / "microvm" / "templates";
  if (fs::is_directory(installed)) return fs::weakly_canonical(installed);
  const fs::path source = MICROVM_SOURCE_TEMPLATES;
  if (!source.empty() && fs::is_directory(source)) return source;
  throw user_error("cannot find the project templates (looked in {} and {}); set MICROVM_TEMPLATES",
                   installed.string(), source.string());
}

std::optional<Project> find_project(const fs::path& dir) {
  Project p;
  p.dir = dir;
  if (fs::exists(dir / "Makefile")) {
    p.kind = Project::Kind::kMake;
  } else if (fs::exists(dir / "CMakeLists.txt")) {
    p.kind = Project::Kind::kCMake;
  } else {
    return std::nullopt;
  }
  if (fs::exists(dir / "microvm.toml")) read_project_file(p, dir / "microvm.toml");
  if (p.tools.empty()) p.tools = guess_tools(p);
  return p;
}

std::string debian_package_for(const std::string& tool) {
  static const std::pair<std::string_view, std::string_view> kPackages[] = {
      {"riscv64-unknown-elf-g++", "(none in Debian: use g++-riscv64-linux-gnu with -ffreestanding)"},
      {"riscv64-unknown-elf-", "gcc-riscv64-unknown-elf"},
      {"riscv64-linux-gnu-g++", "g++-riscv64-linux-gnu"},
      {"riscv64-linux-gnu-", "gcc-riscv64-linux-gnu"},
      {"rust-src", "rust-src"},
      {"rustc", "rustc"},
      {"rust-lld", "rustc"},
      {"make", "make"},
      {"cmake", "cmake"},
      {"qemu-system-riscv64", "qemu-system-misc"},
  };
  for (const auto& [prefix, package] : kPackages) {
    if (tool.starts_with(prefix)) return std::string(package);
  }
  return {};
}

std::vector<std::string> missing_tools(const Project& project) {
  std::vector<std::string> missing;
  for (const std::string& tool : project.tools) {
    if (tool == "microvm") continue;  // the build gets this very executable
    const bool present = tool == "rust-src" ? fs::exists(kRustSrc) : on_path(tool);
    if (!present) missing.push_back(tool);
  }
  return missing;
}

fs::path build_project(const Project& project, bool install_deps, bool output_to_stderr) {
  std::vector<std::string> missing = missing_tools(project);
  if (!missing.empty() && install_deps) {
    std::vector<std::string> command;
    if (geteuid() != 0) command.push_back("sudo");
    command.insert(command.end(), {"apt-get", "install", "-y", "--no-install-recommends"});
    for (const std::string& tool : missing) {
      const std::string package = debian_package_for(tool);
      if (!package.empty() && package[0] != '(') command.push_back(package);
    }
    fmt::print(stderr, "microvm: installing:");
    for (size_t i = command.size() - missing.size(); i < command.size(); ++i)
      fmt::print(stderr, " {}", command[i]);
    fmt::print(stderr, "\n");
    if (run_and_wait(command, {}, {}, true) != 0) throw user_error("apt-get install failed");
    missing = missing_tools(project);
    // Installed, yet not found: the package put the tool where this PATH does not look.
    const bool all_packaged = std::all_of(missing.begin(), missing.end(), [](const std::string& tool) {
      const std::string package = debian_package_for(tool);
      return !package.empty() && package[0] != '(';
    });
    if (!missing.empty() && all_packaged) {
      const char* path = std::getenv("PATH");
      throw user_error(
          "apt-get says the packages are installed, but the build still cannot find {} (PATH is {})",
          fmt::join(missing, ", "), path ? path : "not set");
    }
  }
  if (!missing.empty()) {
    std::string tools, packages;
    for (const std::string& tool : missing) {
      tools += (tools.empty() ? "" : ", ") + tool;
      const std::string package = debian_package_for(tool);
      if (!package.empty() && packages.find(package) == std::string::npos)
        packages += (packages.empty() ? "" : " ") + package;
    }
    if (packages.empty()) throw user_error("the build needs {}, which is not installed", tools);
    throw user_error(
        "the build needs {}, which is not installed: sudo apt-get install {} (or microvm build "
        "--install-deps)",
        tools, packages);
  }

  // The build may call microvm (lamp-asm): it gets this executable, first on PATH and as $MICROVM.
  const fs::path exe = executable_path();
  const char* path = std::getenv("PATH");
  const std::vector<std::string> env = {
      "PATH=" + exe.parent_path().string() + ":" + (path ? path : "/usr/bin:/bin"),
      "MICROVM=" + exe.string()};
  const bool to_stderr = output_to_stderr;
  int status = 0;
  if (project.kind == Project::Kind::kMake) {
    status = run_and_wait({"make"}, project.dir, env, to_stderr);
  } else {
    const std::string build_dir = (project.dir / "build").string();
    status = run_and_wait({"cmake", "-S", project.dir.string(), "-B", build_dir}, {}, env, to_stderr);
    if (status == 0) status = run_and_wait({"cmake", "--build", build_dir}, {}, env, to_stderr);
  }
  if (status != 0) throw user_error("the build of {} failed (exit status {})", project.dir.string(), status);
  return find_artifact(project);
}

}  // namespace microvm::cli
