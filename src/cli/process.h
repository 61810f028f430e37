// Child processes for the playground commands: a build step run to completion, and a kernel run
// under `microvm test` whose console is read and written while it runs.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace microvm::cli {

// Runs argv[0] (looked up on PATH) in `cwd` with `extra_env` ("NAME=value") added to the
// environment and waits; returns its exit status (128+signal when killed). Its stdout goes to
// our stderr when stdout_to_stderr. A command that cannot start is a UserError.
int run_and_wait(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                 const std::vector<std::string>& extra_env, bool stdout_to_stderr);

// True when `name` is an executable file on PATH (or a path to one).
bool on_path(const std::string& name);

// A child with pipes on its stdin, stdout and stderr. Pipe ends are close-on-exec, so children
// started at the same time from other threads never hold each other's pipes open.
class Child {
 public:
  explicit Child(const std::vector<std::string>& argv);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Waits up to timeout_ms for output; appends what arrived to out/err. False once both streams
  // are at end of file.
  bool read_some(std::string& out, std::string& err, int timeout_ms);
  void write_input(const std::string& bytes);
  void signal(int sig);
  // Waits for the exit; the exit status, or 128+signal.
  int wait();

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

}  // namespace microvm::cli
