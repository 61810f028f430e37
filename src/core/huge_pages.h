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

}  // namespace microvm
