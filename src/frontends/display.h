// A window that shows a guest framebuffer. SDL2 is optional at build time; without it, or without
// a display (no DISPLAY/WAYLAND_DISPLAY, or SDL cannot start a video driver), open_window returns
// nullptr and the caller runs headless.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace microvm::frontends {

class Display {
 public:
  virtual ~Display() = default;
  // Shows width*height pixels, 0x00RRGGBB, row-major.
  virtual void present(const uint32_t* pixels) = 0;
  // Handles pending window events; false once the user closed the window.
  virtual bool poll() = 0;
};

// The mouse over the window: where it is (in the window's pixels, which are the screen's), a
// button going down or up (a Linux code: BTN_LEFT, BTN_RIGHT, BTN_MIDDLE, BTN_SIDE, BTN_EXTRA),
// the wheel turning (notches, positive away from the user).
struct PointerInput {
  std::function<void(unsigned x, unsigned y)> move;
  std::function<void(uint16_t button, bool down)> button;
  std::function<void(int notches)> wheel;
};

// on_input receives the bytes typed into the window (already translated to serial bytes); on_key
// every key going down or up, as a Linux input code (linux/input-event-codes.h). The caller
// decides which of the two a guest gets.
std::unique_ptr<Display> open_window(const std::string& title, unsigned width, unsigned height,
                                     std::function<void(uint8_t)> on_input,
                                     std::function<void(uint16_t code, bool down)> on_key = {},
                                     PointerInput on_pointer = {});

}  // namespace microvm::frontends
