#include "lamp/program.h"

#include <errno.h>

#include <cstdio>
#include <cstring>

namespace microvm::lamp {
namespace {
uint32_t le32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t{p[3]} << 24; }
void put_le32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
// perror's text for a short fread: the original saw EOF, where errno is still 0 ("Success").
const char* const kShortRead = "fread: Success";
}  // namespace

std::vector<uint8_t> Program::serialize() const {
  std::vector<uint8_t> out;
  for (uint32_t v : {text_base, text_size, data_base, data_size, bss_base, bss_size}) put_le32(out, v);
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::optional<Program> parse_program(const std::vector<uint8_t>& bytes, std::string& error) {
  if (bytes.size() < 24) {
    error = kShortRead;
    return std::nullopt;
  }
  Program p;
  const uint8_t* h = bytes.data();
  p.text_base = le32(h);
  p.text_size = le32(h + 4);
  p.data_base = le32(h + 8);
  p.data_size = le32(h + 12);
  p.bss_base = le32(h + 16);
  p.bss_size = le32(h + 20);
  if (p.text_size % 8 != 0) {
    error = "TEXT_SIZE not aligned to 8 bytes";
    return std::nullopt;
  }
  const uint64_t text_end = 24 + uint64_t{p.text_size};
  if (bytes.size() < text_end || bytes.size() - text_end < p.data_size) {
    error = kShortRead;
    return std::nullopt;
  }
  p.text.assign(bytes.begin() + 24, bytes.begin() + static_cast<long>(text_end));
  p.data.assign(bytes.begin() + static_cast<long>(text_end),
                bytes.begin() + static_cast<long>(text_end + p.data_size));
  return p;
}

std::optional<Program> load_program_file(const std::string& path) {
  std::vector<uint8_t> bytes;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    std::fprintf(stderr, "fopen: %s\n", std::strerror(errno));
    std::fprintf(stderr, "Failed to load program from %s\n", path.c_str());
    return std::nullopt;
  }
  uint8_t buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.insert(bytes.end(), buffer, buffer + n);
  const bool read_error = std::ferror(f);
  const int err = errno;
  std::fclose(f);
  std::string error;
  std::optional<Program> p;
  if (read_error) {
    error = std::string("fread: ") + std::strerror(err);  // e.g. a directory: "Is a directory"
  } else {
    p = parse_program(bytes, error);
  }
  if (!p) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::fprintf(stderr, "Failed to load program from %s\n", path.c_str());
    return std::nullopt;
  }
  std::printf("Loaded program from %s, %zu instructions.\n", path.c_str(),
              static_cast<size_t>(p->text_size / 8));
  std::printf("Loaded data: %zu bytes.\n", static_cast<size_t>(p->data_size));
  std::printf(
      "Layout: TEXT_BASE=0x%08X TEXT_SIZE=%u DATA_BASE=0x%08X DATA_SIZE=%u BSS_BASE=0x%08X BSS_SIZE=%u\n",
      p->text_base, p->text_size, p->data_base, p->data_size, p->bss_base, p->bss_size);
  std::fflush(stdout);
  return p;
}

}  // namespace microvm::lamp
