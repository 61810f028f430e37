#include "cli/screen.h"

#include <fmt/format.h>
#include <linux/input-event-codes.h>

#include "core/error.h"
#include "devices/virtio/virtio_input.h"
#include "frontends/png_writer.h"

namespace microvm::cli {

void save_screen(riscv::VirtBoard& board, const std::string& path) {
  const std::vector<uint32_t> pixels = board.screen_pixels();
  frontends::write_png(path, pixels.data(), riscv::virt_map::kScreenWidth, riscv::virt_map::kScreenHeight);
}

Screen::Screen(const MachineOptions& options, riscv::VirtBoard& board, Console& console)
    : board_(board), console_(console), screenshot_(options.screenshot) {
  // A booted machine has a screen whenever these options ask; a restored one as it was saved.
  if (!board.has_screen() && (!screenshot_.empty() || options.display == "sdl"))
    throw user_error("--display and --screenshot need a screen, and the restored machine has none");
  if (!board.has_screen()) return;
  console.on_screendump([this] {
    const std::string path = fmt::format("screendump-{}.png", ++dumps_);
    try {
      save_screen(board_, path);
    } catch (const UserError& e) {
      return fmt::format("screendump: error: {}", e.what());
    }
    return fmt::format("saved the screen to {}", path);
  });
  if (options.display != "sdl") return;
  window_ = frontends::open_window(
      "microvm", riscv::virt_map::kScreenWidth, riscv::virt_map::kScreenHeight,
      [this](uint8_t byte) {
        if (keys_to_keyboard()) return;
        const char c = static_cast<char>(byte);
        console_.push_input(std::string_view(&c, 1));
      },
      [this](uint16_t code, bool down) {
        if (keys_to_keyboard()) board_.keyboard()->key(code, down);
      },
      frontends::PointerInput{
          [this](unsigned x, unsigned y) {
            using riscv::virt_map::kScreenHeight, riscv::virt_map::kScreenWidth;
            if (devices::VirtioInput* tablet = driven_tablet())
              tablet->move(devices::VirtioInput::axis(x, kScreenWidth),
                           devices::VirtioInput::axis(y, kScreenHeight));
          },
          [this](uint16_t code, bool down) {
            const devices::VirtioInput::Event e{EV_KEY, code, down ? 1u : 0u};
            if (devices::VirtioInput* tablet = driven_tablet()) tablet->send({&e, 1});
          },
          [this](int notches) {
            if (devices::VirtioInput* tablet = driven_tablet()) tablet->wheel(notches);
          },
      });
  if (!window_) {
    fmt::print(stderr,
               "microvm: no display to open a window on (or no SDL2 in this build); the screen "
               "runs headless\n");
    return;
  }
  board.set_tick([this] { tick(); });
}

Screen::~Screen() {
  console_.on_screendump(nullptr);
  board_.set_tick(nullptr);
}

// A guest that drives the keyboard gets the window's keys there, as on a PC; one that does not
// (a kernel reading the UART) gets them on its console.
bool Screen::keys_to_keyboard() const { return board_.keyboard() && board_.keyboard()->driver_ready(); }

// The mouse goes to the tablet once a driver runs it; before, moves would only pile up (and a
// machine restored from a snapshot taken without one has none).
devices::VirtioInput* Screen::driven_tablet() const {
  devices::VirtioInput* tablet = board_.tablet();
  return tablet && tablet->driver_ready() ? tablet : nullptr;
}

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
  save_screen(board_, screenshot_);
}

}  // namespace microvm::cli
