// The SDL2 window "VM Display" (spec §5): ARGB8888 streaming texture, keyboard to serial bytes.
#include <SDL.h>

#include <cstdlib>

#include "frontends/display.h"

namespace microvm::frontends {
namespace {

class SdlDisplay : public Display {
 public:
  SdlDisplay(SDL_Window* window, SDL_Renderer* renderer, SDL_Texture* texture, unsigned width,
             std::function<void(uint8_t)> on_input)
      : window_(window),
        renderer_(renderer),
        texture_(texture),
        width_(width),
        on_input_(std::move(on_input)) {}
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
        case SDL_KEYDOWN: key(e.key.keysym); break;
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

  SDL_Window* window_;
  SDL_Renderer* renderer_;
  SDL_Texture* texture_;
  unsigned width_;
  std::function<void(uint8_t)> on_input_;
};

}  // namespace

std::unique_ptr<Display> open_window(const std::string& title, unsigned width, unsigned height,
                                     std::function<void(uint8_t)> on_input) {
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
  return std::make_unique<SdlDisplay>(window, renderer, texture, width, std::move(on_input));
}

}  // namespace microvm::frontends
