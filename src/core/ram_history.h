// Guest RAM at a series of checkpoints, keeping only what changed: the first checkpoint holds
// every page, each later one the pages written since the one before (Ram's write tracking).
// Each page is compressed on its own, so a restore decompresses just the pages that differ
// between the RAM now and the checkpoint, not the whole RAM.
//
// For reverse debugging, which takes a checkpoint every few million instructions: saving the
// whole RAM each time (a zero scan of all of it, then compressing every nonzero page) was most of
// what checkpoints cost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/ram.h"

namespace microvm {

class RamHistory {
 public:
  // Tracks the RAM's writes from now until destroyed. No hart may run during any call.
  explicit RamHistory(Ram& ram);
  ~RamHistory();
  RamHistory(const RamHistory&) = delete;
  RamHistory& operator=(const RamHistory&) = delete;

  // Appends a checkpoint of the RAM as it is now; returns its size in bytes.
  size_t save();
  // Puts the RAM back as it was at checkpoint `index`.
  void restore(size_t index);
  // Forgets checkpoint `index`, neither the first nor the last: the one after it keeps the pages
  // only it had. Returns the bytes this freed.
  size_t drop(size_t index);

  size_t size() const { return checkpoints_.size(); }
  size_t bytes(size_t index) const;
  // Pages stored in checkpoint `index` (the first: every page, zero or not).
  size_t pages(size_t index) const { return checkpoints_.at(index).pages.size(); }

 private:
  struct Checkpoint {
    std::vector<uint32_t> pages;  // page indices, ascending
    std::vector<uint64_t> ends;   // where each page's bytes end in `data`; none: a page of zeros
    std::vector<uint8_t> data;    // each page one zstd frame
  };
  struct Codec;

  void store(Checkpoint& c, uint32_t page);

  Ram& ram_;
  std::unique_ptr<Codec> codec_;
  std::vector<Checkpoint> checkpoints_;
};

}  // namespace microvm
