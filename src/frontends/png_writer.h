// Writes pixels as an 8-bit RGB PNG (libpng): the headless way to look at a framebuffer.
#pragma once

#include <cstdint>
#include <string>

namespace microvm::frontends {

// pixels: width*height values 0x00RRGGBB. A file that cannot be written is a UserError.
void write_png(const std::string& path, const uint32_t* pixels, unsigned width, unsigned height);

}  // namespace microvm::frontends
