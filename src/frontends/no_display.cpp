// Built when SDL2 is not available: every run is headless.
#include "frontends/display.h"

namespace microvm::frontends {

std::unique_ptr<Display> open_window(const std::string&, unsigned, unsigned, std::function<void(uint8_t)>,
                                     std::function<void(uint16_t, bool)>, PointerInput) {
  return nullptr;
}

}  // namespace microvm::frontends
