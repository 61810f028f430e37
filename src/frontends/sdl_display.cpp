// The SDL2 window "VM Display" (spec §5): ARGB8888 streaming texture, keyboard to serial bytes
// and to Linux key codes (by physical key, as a PC keyboard's scan codes are), the mouse to
// pointer positions, Linux button codes and wheel notches.
#include <SDL.h>
#include <linux/input-event-codes.h>

#include <cstdlib>

#include "frontends/display.h"

namespace microvm::frontends {
namespace {

struct KeyMap {
  SDL_Scancode scancode;
  uint16_t code;
};

constexpr KeyMap kKeys[] = {
    {SDL_SCANCODE_A, KEY_A},
    {SDL_SCANCODE_B, KEY_B},
    {SDL_SCANCODE_C, KEY_C},
    {SDL_SCANCODE_D, KEY_D},
    {SDL_SCANCODE_E, KEY_E},
    {SDL_SCANCODE_F, KEY_F},
    {SDL_SCANCODE_G, KEY_G},
    {SDL_SCANCODE_H, KEY_H},
    {SDL_SCANCODE_I, KEY_I},
    {SDL_SCANCODE_J, KEY_J},
    {SDL_SCANCODE_K, KEY_K},
    {SDL_SCANCODE_L, KEY_L},
    {SDL_SCANCODE_M, KEY_M},
    {SDL_SCANCODE_N, KEY_N},
    {SDL_SCANCODE_O, KEY_O},
    {SDL_SCANCODE_P, KEY_P},
    {SDL_SCANCODE_Q, KEY_Q},
    {SDL_SCANCODE_R, KEY_R},
    {SDL_SCANCODE_S, KEY_S},
    {SDL_SCANCODE_T, KEY_T},
    {SDL_SCANCODE_U, KEY_U},
    {SDL_SCANCODE_V, KEY_V},
    {SDL_SCANCODE_W, KEY_W},
    {SDL_SCANCODE_X, KEY_X},
    {SDL_SCANCODE_Y, KEY_Y},
    {SDL_SCANCODE_Z, KEY_Z},
    {SDL_SCANCODE_1, KEY_1},
    {SDL_SCANCODE_2, KEY_2},
    {SDL_SCANCODE_3, KEY_3},
    {SDL_SCANCODE_4, KEY_4},
    {SDL_SCANCODE_5, KEY_5},
    {SDL_SCANCODE_6, KEY_6},
    {SDL_SCANCODE_7, KEY_7},
    {SDL_SCANCODE_8, KEY_8},
    {SDL_SCANCODE_9, KEY_9},
    {SDL_SCANCODE_0, KEY_0},
    {SDL_SCANCODE_RETURN, KEY_ENTER},
    {SDL_SCANCODE_ESCAPE, KEY_ESC},
    {SDL_SCANCODE_BACKSPACE, KEY_BACKSPACE},
    {SDL_SCANCODE_TAB, KEY_TAB},
    {SDL_SCANCODE_SPACE, KEY_SPACE},
    {SDL_SCANCODE_MINUS, KEY_MINUS},
    {SDL_SCANCODE_EQUALS, KEY_EQUAL},
    {SDL_SCANCODE_LEFTBRACKET, KEY_LEFTBRACE},
    {SDL_SCANCODE_RIGHTBRACKET, KEY_RIGHTBRACE},
    {SDL_SCANCODE_BACKSLASH, KEY_BACKSLASH},
    {SDL_SCANCODE_NONUSHASH, KEY_BACKSLASH},
    {SDL_SCANCODE_SEMICOLON, KEY_SEMICOLON},
    {SDL_SCANCODE_APOSTROPHE, KEY_APOSTROPHE},
    {SDL_SCANCODE_GRAVE, KEY_GRAVE},
    {SDL_SCANCODE_COMMA, KEY_COMMA},
    {SDL_SCANCODE_PERIOD, KEY_DOT},
    {SDL_SCANCODE_SLASH, KEY_SLASH},
    {SDL_SCANCODE_CAPSLOCK, KEY_CAPSLOCK},
    {SDL_SCANCODE_F1, KEY_F1},
    {SDL_SCANCODE_F2, KEY_F2},
    {SDL_SCANCODE_F3, KEY_F3},
    {SDL_SCANCODE_F4, KEY_F4},
    {SDL_SCANCODE_F5, KEY_F5},
    {SDL_SCANCODE_F6, KEY_F6},
    {SDL_SCANCODE_F7, KEY_F7},
    {SDL_SCANCODE_F8, KEY_F8},
    {SDL_SCANCODE_F9, KEY_F9},
    {SDL_SCANCODE_F10, KEY_F10},
    {SDL_SCANCODE_F11, KEY_F11},
    {SDL_SCANCODE_F12, KEY_F12},
    {SDL_SCANCODE_PRINTSCREEN, KEY_SYSRQ},
    {SDL_SCANCODE_SCROLLLOCK, KEY_SCROLLLOCK},
    {SDL_SCANCODE_PAUSE, KEY_PAUSE},
    {SDL_SCANCODE_INSERT, KEY_INSERT},
    {SDL_SCANCODE_HOME, KEY_HOME},
    {SDL_SCANCODE_PAGEUP, KEY_PAGEUP},
    {SDL_SCANCODE_DELETE, KEY_DELETE},
    {SDL_SCANCODE_END, KEY_END},
    {SDL_SCANCODE_PAGEDOWN, KEY_PAGEDOWN},
    {SDL_SCANCODE_RIGHT, KEY_RIGHT},
    {SDL_SCANCODE_LEFT, KEY_LEFT},
    {SDL_SCANCODE_DOWN, KEY_DOWN},
    {SDL_SCANCODE_UP, KEY_UP},
    {SDL_SCANCODE_NUMLOCKCLEAR, KEY_NUMLOCK},
    {SDL_SCANCODE_KP_DIVIDE, KEY_KPSLASH},
    {SDL_SCANCODE_KP_MULTIPLY, KEY_KPASTERISK},
    {SDL_SCANCODE_KP_MINUS, KEY_KPMINUS},
    {SDL_SCANCODE_KP_PLUS, KEY_KPPLUS},
    {SDL_SCANCODE_KP_ENTER, KEY_KPENTER},
    {SDL_SCANCODE_KP_1, KEY_KP1},
    {SDL_SCANCODE_KP_2, KEY_KP2},
    {SDL_SCANCODE_KP_3, KEY_KP3},
    {SDL_SCANCODE_KP_4, KEY_KP4},
    {SDL_SCANCODE_KP_5, KEY_KP5},
    {SDL_SCANCODE_KP_6, KEY_KP6},
    {SDL_SCANCODE_KP_7, KEY_KP7},
    {SDL_SCANCODE_KP_8, KEY_KP8},
    {SDL_SCANCODE_KP_9, KEY_KP9},
    {SDL_SCANCODE_KP_0, KEY_KP0},
    {SDL_SCANCODE_KP_PERIOD, KEY_KPDOT},
    {SDL_SCANCODE_NONUSBACKSLASH, KEY_102ND},
    {SDL_SCANCODE_APPLICATION, KEY_COMPOSE},
    {SDL_SCANCODE_LCTRL, KEY_LEFTCTRL},
    {SDL_SCANCODE_LSHIFT, KEY_LEFTSHIFT},
    {SDL_SCANCODE_LALT, KEY_LEFTALT},
    {SDL_SCANCODE_LGUI, KEY_LEFTMETA},
    {SDL_SCANCODE_RCTRL, KEY_RIGHTCTRL},
    {SDL_SCANCODE_RSHIFT, KEY_RIGHTSHIFT},
    {SDL_SCANCODE_RALT, KEY_RIGHTALT},
    {SDL_SCANCODE_RGUI, KEY_RIGHTMETA},
};

uint16_t linux_code(SDL_Scancode scancode) {
  for (const KeyMap& k : kKeys)
    if (k.scancode == scancode) return k.code;
  return 0;
}

uint16_t linux_button(uint8_t sdl_button) {
  switch (sdl_button) {
    case SDL_BUTTON_LEFT: return BTN_LEFT;
    case SDL_BUTTON_MIDDLE: return BTN_MIDDLE;
    case SDL_BUTTON_RIGHT: return BTN_RIGHT;
    case SDL_BUTTON_X1: return BTN_SIDE;
    case SDL_BUTTON_X2: return BTN_EXTRA;
    default: return 0;
  }
}

class SdlDisplay : public Display {
 public:
  SdlDisplay(SDL_Window* window, SDL_Renderer* renderer, SDL_Texture* texture, unsigned width,
             unsigned height, std::function<void(uint8_t)> on_input,
             std::function<void(uint16_t, bool)> on_key, PointerInput on_pointer)
      : window_(window),
        renderer_(renderer),
        texture_(texture),
        width_(width),
        height_(height),
        on_input_(std::move(on_input)),
        on_key_(std::move(on_key)),
        on_pointer_(std::move(on_pointer)) {}
  ~SdlDisplay() override {
    SDL_DestroyTexture(texture_);
    SDL_DestroyRenderer(renderer_);
    SDL_DestroyWindow(window_);
    SDL_Quit();
  }

  void present(const uint32_t* pixels) override {
    SDL_UpdateTexture(texture_, nullptr, pixels, static_cast<int>(width_ * 4));
    SDL_RenderClear(renderer_);
    SDL_RenderCopy(renderer_, texture_, nullptr, nullptr);
    SDL_RenderPresent(renderer_);
  }

  bool poll() override {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
      switch (e.type) {
        case SDL_QUIT: return false;
        case SDL_TEXTINPUT:
          for (const char* c = e.text.text; *c; ++c) on_input_(*c == '\r' ? '\n' : static_cast<uint8_t>(*c));
          break;
        case SDL_KEYDOWN: key(e.key.keysym); [[fallthrough]];
        case SDL_KEYUP:
          // Auto-repeat is the guest's business (the keyboard announces EV_REP).
          if (const uint16_t code = linux_code(e.key.keysym.scancode); on_key_ && code && !e.key.repeat)
            on_key_(code, e.type == SDL_KEYDOWN);
          break;
        case SDL_MOUSEMOTION:
          if (on_pointer_.move) on_pointer_.move(clamp(e.motion.x, width_), clamp(e.motion.y, height_));
          break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
          if (const uint16_t code = linux_button(e.button.button); on_pointer_.button && code)
            on_pointer_.button(code, e.type == SDL_MOUSEBUTTONDOWN);
          break;
        case SDL_MOUSEWHEEL:
          if (on_pointer_.wheel && e.wheel.y)
            on_pointer_.wheel(e.wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e.wheel.y : e.wheel.y);
          break;
        default: break;
      }
    }
    return true;
  }

 private:
  // Keys that produce no text input: Ctrl+A..Z -> 1..26, Return/Enter -> LF, Backspace, Tab.
  void key(const SDL_Keysym& k) {
    if ((k.mod & KMOD_CTRL) && k.sym >= SDLK_a && k.sym <= SDLK_z) {
      on_input_(static_cast<uint8_t>(k.sym - SDLK_a + 1));
    } else if (k.sym == SDLK_RETURN || k.sym == SDLK_KP_ENTER) {
      on_input_('\n');
    } else if (k.sym == SDLK_BACKSPACE) {
      on_input_(0x08);
    } else if (k.sym == SDLK_TAB) {
      on_input_(0x09);
    }
  }

  static unsigned clamp(int v, unsigned size) {
    return v < 0 ? 0 : static_cast<unsigned>(v) >= size ? size - 1 : static_cast<unsigned>(v);
  }

  SDL_Window* window_;
  SDL_Renderer* renderer_;
  SDL_Texture* texture_;
  unsigned width_, height_;
  std::function<void(uint8_t)> on_input_;
  std::function<void(uint16_t, bool)> on_key_;
  PointerInput on_pointer_;
};

}  // namespace

std::unique_ptr<Display> open_window(const std::string& title, unsigned width, unsigned height,
                                     std::function<void(uint8_t)> on_input,
                                     std::function<void(uint16_t, bool)> on_key, PointerInput on_pointer) {
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) return nullptr;
  if (SDL_Init(SDL_INIT_VIDEO) != 0) return nullptr;
  SDL_Window* window = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                        static_cast<int>(width), static_cast<int>(height), 0);
  SDL_Renderer* renderer = window ? SDL_CreateRenderer(window, -1, 0) : nullptr;
  SDL_Texture* texture =
      renderer ? SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                   static_cast<int>(width), static_cast<int>(height))
               : nullptr;
  if (!texture) {
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    SDL_Quit();
    return nullptr;
  }
  SDL_StartTextInput();
  return std::make_unique<SdlDisplay>(window, renderer, texture, width, height, std::move(on_input),
                                      std::move(on_key), std::move(on_pointer));
}

}  // namespace microvm::frontends
