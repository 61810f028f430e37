#include "cli/screen.h"

#include <fmt/format.h>

#include "core/error.h"
#include "frontends/png_writer.h"

namespace microvm::cli {

Screen::Screen(const MachineOptions& options, riscv::VirtBoard& board, Console& console)
    : board_(board), screenshot_(options.screenshot) {
  // A booted machine has a screen whenever these options ask; a restored one as it was saved.
  if (!board.has_screen() && (!screenshot_.empty() || options.display == "sdl"))
    throw user_error("--display and --screenshot need a screen, and the restored machine has none");
  if (!board.has_screen() || options.display != "sdl") return;
  window_ = frontends::open_window("microvm", riscv::virt_map::kScreenWidth, riscv::virt_map::kScreenHeight,
                                   [&console](uint8_t byte) {
                                     const char c = static_cast<char>(byte);
                                     console.push_input(std::string_view(&c, 1));
                                   });
  if (!window_) {
    fmt::print(stderr,
               "microvm: no display to open a window on (or no SDL2 in this build); the screen "
               "runs headless\n");
    return;
  }
  board.set_tick([this] { tick(); });
}

Screen::~Screen() { board_.set_tick(nullptr); }

void Screen::tick() {
  if (!window_->poll()) {
    // Closing the window ends the run, as closing QEMU's does.
    board_.run_control().request_stop(StopReason::kUserQuit, 0, "the window was closed");
    return;
  }
  window_->present(board_.screen_pixels().data());
}

void Screen::finish() {
  if (screenshot_.empty()) return;
  const std::vector<uint32_t> pixels = board_.screen_pixels();
  frontends::write_png(screenshot_, pixels.data(), riscv::virt_map::kScreenWidth,
                       riscv::virt_map::kScreenHeight);
}

}  // namespace microvm::cli
