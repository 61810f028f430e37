#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/huge_pages.h"

namespace microvm {

// Reads a whole file; a missing or unreadable file is a UserError naming it and the reason, and
// so is one larger than `max_size` (checked before reading: a wrong path to a huge file must not
// exhaust the host's memory first).
std::vector<uint8_t> read_file(const std::string& path, uint64_t max_size = UINT64_MAX);

// A file read into memory of its own on huge pages (core/huge_pages.h): a kernel or initrd of
// megabytes then costs a few host page faults instead of one per 4 KiB, and no zeroing pass
// before the read as a vector's.
class FileBytes {
 public:
  FileBytes() = default;
  std::span<const uint8_t> bytes() const { return {memory_ ? memory_->data() : nullptr, size_}; }
  bool empty() const { return size_ == 0; }

 private:
  friend FileBytes read_large_file(const std::string& path, uint64_t max_size);
  std::unique_ptr<HugePages> memory_;
  size_t size_ = 0;
};

// read_file's checks and errors, into a FileBytes.
FileBytes read_large_file(const std::string& path, uint64_t max_size = UINT64_MAX);

}  // namespace microvm
