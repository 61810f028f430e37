// The monitor: commands that look at and steer a running machine (Ctrl-A c on the console,
// --monitor unix:PATH for scripts, and GDB's `monitor`). Each command returns its output as text.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/debug_control.h"
#include "core/symbols.h"

namespace microvm::riscv {

class VirtBoard;
class Hart;
class TimeTravel;

class Monitor {
 public:
  Monitor(VirtBoard& board, DebugControl& debug) : board_(board), debug_(debug) {}
  // Names for addresses in disassembly (the kernel's symbols); none by default.
  void set_symbols(const Symbols* symbols) { symbols_ = symbols; }
  // screendump: writes the board's screen to a PNG file (the front end owns the PNG writer);
  // throws UserError when it cannot.
  void set_screen_writer(std::function<void(const std::string& path)> writer) {
    screen_writer_ = std::move(writer);
  }

  // rewind and goto (riscv/monitor_travel.cpp) need time travel; none by default.
  void set_time_travel(TimeTravel* travel) { travel_ = travel; }

  // Runs one command line; any thread (commands are serialised).
  std::string execute(const std::string& line);
  // GDB selects harts itself; `monitor` commands from GDB act on the hart GDB looks at.
  void select(unsigned hart) { selected_ = hart; }

  // The names CSR and register listings use (shared with the GDB target description).
  struct CsrName {
    uint16_t number;
    const char* name;
  };
  static const std::vector<CsrName>& csr_names();
  static const char* const kRegisterNames[32];

 private:
  std::string run(const std::vector<std::string>& words);
  std::string info(const std::vector<std::string>& words, bool stopped);
  std::string examine(const std::string& format, const std::vector<std::string>& words, bool physical);
  std::string disasm(const std::vector<std::string>& words);
  std::string step(unsigned count);
  std::string stop();
  std::string breakpoint(const std::vector<std::string>& words, bool add);
  std::string travel(const std::vector<std::string>& words);
  std::string checkpoints();
  std::string digest();
  std::string sendkey(const std::vector<std::string>& words);
  std::string mouse_move(const std::vector<std::string>& words);
  std::string mouse_button(const std::vector<std::string>& words);
  std::string screendump(const std::vector<std::string>& words);
  Hart& hart();
  uint64_t address(const std::string& text);

  VirtBoard& board_;
  DebugControl& debug_;
  const Symbols* symbols_ = nullptr;
  TimeTravel* travel_ = nullptr;
  std::function<void(const std::string&)> screen_writer_;
  std::mutex mutex_;
  unsigned selected_ = 0;
  unsigned mouse_buttons_ = 0;  // mouse_button's last STATE, as QEMU keeps it
};

}  // namespace microvm::riscv
