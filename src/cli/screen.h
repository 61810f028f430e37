// The riscv machine's screen on the host: a window (--display sdl) served from the thread that runs
// the board, with what is typed into it going to the console, and the PNG --screenshot writes.
#pragma once

#include <memory>
#include <string>

#include "cli/machine_options.h"
#include "core/console.h"
#include "frontends/display.h"
#include "riscv/virt_board.h"

namespace microvm::cli {

class Screen {
 public:
  // Opens the window when asked for; without a display it says so once and the run goes on.
  Screen(const MachineOptions& options, riscv::VirtBoard& board, Console& console);
  ~Screen();
  Screen(const Screen&) = delete;
  Screen& operator=(const Screen&) = delete;

  // The run ended: writes the --screenshot file (a UserError if it cannot).
  void finish();

 private:
  void tick();

  riscv::VirtBoard& board_;
  std::string screenshot_;
  std::unique_ptr<frontends::Display> window_;
};

}  // namespace microvm::cli
