#include "core/numbers.h"

#include "core/error.h"

namespace microvm {

uint64_t parse_number(const std::string& text, const std::string& option) {
  std::string digits;
  for (char c : text) {
    if (c != '_') digits.push_back(c);
  }
  unsigned base = 10;
  size_t i = 0;
  if (digits.size() > 2 && digits[0] == '0') {
    const char p = static_cast<char>(digits[1] | 0x20);
    if (p == 'x') base = 16;
    if (p == 'b') base = 2;
    if (p == 'o') base = 8;
    if (base != 10) i = 2;
  }
  if (i >= digits.size()) throw user_error("{}: '{}' is not a number", option, text);
  unsigned __int128 value = 0;
  for (; i < digits.size(); ++i) {
    const char c = static_cast<char>(digits[i] | 0x20);
    unsigned d;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<unsigned>(c - 'a' + 10);
    } else {
      d = 99;
    }
    if (d >= base) throw user_error("{}: '{}' is not a number", option, text);
    value = value * base + d;
    if (value > UINT64_MAX) throw user_error("{}: '{}' is too large", option, text);
  }
  return static_cast<uint64_t>(value);
}

}  // namespace microvm
