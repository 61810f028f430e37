// The riscv machine's screen on the host: a window (--display sdl) served from the thread that runs
// the board, with what is typed into it going to the keyboard (once the guest drives it) or else
// to the console and its mouse to the tablet, the PNG --screenshot writes, and Ctrl-A p's pictures.
#pragma once

#include <memory>
#include <string>

#include "cli/machine_options.h"
#include "core/console.h"
#include "frontends/display.h"
#include "riscv/virt_board.h"

namespace microvm::cli {

// Writes the board's screen to a PNG file (a UserError if it cannot); the monitor's screendump.
void save_screen(riscv::VirtBoard& board, const std::string& path);

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
  bool keys_to_keyboard() const;
  devices::VirtioInput* driven_tablet() const;

  riscv::VirtBoard& board_;
  Console& console_;
  std::string screenshot_;
  unsigned dumps_ = 0;  // Ctrl-A p's pictures so far
  std::unique_ptr<frontends::Display> window_;
};

}  // namespace microvm::cli
