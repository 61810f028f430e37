// Reads a fuzzer's input as a stream of little-endian values; past the end everything reads 0, so
// every input, however short, is a complete program for the harness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace microvm::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  size_t remaining() const { return empty() ? 0 : size_ - pos_; }

  template <typename T>
  T take() {
    T value = 0;
    for (size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(static_cast<T>(byte()) << (8 * i));
    return value;
  }
  // Up to `n` bytes (fewer at the end of the input).
  std::span<const uint8_t> bytes(size_t n) {
    const size_t take_n = n < remaining() ? n : remaining();
    std::span<const uint8_t> out(data_ + pos_, take_n);
    pos_ += take_n;
    return out;
  }
  std::span<const uint8_t> rest() { return bytes(remaining()); }

 private:
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace microvm::fuzz
