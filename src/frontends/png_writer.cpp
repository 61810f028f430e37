#include "frontends/png_writer.h"

#include <errno.h>
#include <png.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace microvm::frontends {

void write_png(const std::string& path, const uint32_t* pixels, unsigned width, unsigned height) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw user_error("cannot write screenshot {}: {}", path, std::strerror(errno));
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    throw user_error("cannot write screenshot {}: libpng failed", path);
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  std::vector<png_byte> row(width * 3);
  for (unsigned y = 0; y < height; ++y) {
    for (unsigned x = 0; x < width; ++x) {
      const uint32_t p = pixels[y * width + x];
      row[x * 3] = static_cast<png_byte>(p >> 16);
      row[x * 3 + 1] = static_cast<png_byte>(p >> 8);
      row[x * 3 + 2] = static_cast<png_byte>(p);
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fclose(f) != 0) throw user_error("cannot write screenshot {}: {}", path, std::strerror(errno));
}

}  // namespace microvm::frontends
