// Anonymous host memory for large, long-lived tables (guest RAM, decoded pages): aligned to 2 MiB
// and marked for transparent huge pages, so touching it costs one host page fault per 2 MiB
// instead of 512. On a virtual machine a page fault is several microseconds, and a Linux boot
// touches thousands of pages. Hosts with THP off, or `madvise` refusing, get ordinary pages.
#pragma once

#include <cstdint>

namespace microvm {

constexpr uint64_t kHugePage = 2ull << 20;

// `size` bytes, zeroed, at a 2 MiB boundary (near `hint` if that is free), reserving no swap
// (only what is touched costs memory); nullptr when the host has no room. Free with munmap.
uint8_t* map_huge_pages(uint64_t size, void* hint = nullptr);

// map_huge_pages' memory, unmapped when this goes; data() is nullptr when the host had no room.
class HugePages {
 public:
  explicit HugePages(uint64_t size) : size_(size), data_(map_huge_pages(size)) {}
  ~HugePages();
  HugePages(const HugePages&) = delete;
  HugePages& operator=(const HugePages&) = delete;
  uint8_t* data() const { return data_; }

 private:
  uint64_t size_;
  uint8_t* data_;
};

}  // namespace microvm
