#include "core/ram_history.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace microvm {
namespace {

constexpr uint64_t kPage = Ram::kPageSize;
// zstd's "fast" levels: checkpoints are taken often and stay in memory, so time matters more
// than size (as for RamCompression::kFast).
constexpr int kLevel = -4;

bool zero_page(const uint8_t* p) {
  static const uint8_t kZeros[kPage] = {};
  return std::memcmp(p, kZeros, kPage) == 0;
}

void check(size_t r) {
  if (ZSTD_isError(r)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(r));
}

}  // namespace

struct RamHistory::Codec {
  Codec() : cctx(ZSTD_createCCtx()), dctx(ZSTD_createDCtx()), scratch(ZSTD_compressBound(kPage)) {
    if (!cctx || !dctx) throw std::bad_alloc();
    check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kLevel));
  }
  ~Codec() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
  }
  ZSTD_CCtx* cctx;
  ZSTD_DCtx* dctx;
  std::vector<uint8_t> scratch;
};

RamHistory::RamHistory(Ram& ram) : ram_(ram), codec_(std::make_unique<Codec>()) { ram_.track_writes(true); }

RamHistory::~RamHistory() { ram_.track_writes(false); }

size_t RamHistory::bytes(size_t index) const {
  const Checkpoint& c = checkpoints_.at(index);
  return c.data.size() + c.pages.size() * (sizeof(uint32_t) + sizeof(uint64_t));
}

void RamHistory::store(Checkpoint& c, uint32_t page) {
  const uint8_t* p = ram_.host() + page * kPage;
  c.pages.push_back(page);
  if (!zero_page(p)) {
    const size_t n = ZSTD_compress2(codec_->cctx, codec_->scratch.data(), codec_->scratch.size(), p, kPage);
    check(n);
    c.data.insert(c.data.end(), codec_->scratch.begin(), codec_->scratch.begin() + static_cast<ptrdiff_t>(n));
  }
  c.ends.push_back(c.data.size());
}

size_t RamHistory::save() {
  Checkpoint c;
  // The first call returns every page: tracking counts them all as written when it starts.
  for (uint32_t page : ram_.take_written_pages()) store(c, page);
  c.data.shrink_to_fit();
  checkpoints_.push_back(std::move(c));
  return bytes(checkpoints_.size() - 1);
}

void RamHistory::restore(size_t index) {
  if (index >= checkpoints_.size()) throw std::out_of_range("RamHistory::restore");
  // What differs from the checkpoint: the pages written since the last one, and those the
  // checkpoints after it hold.
  std::vector<uint8_t> needed(ram_.pages(), 0);
  std::vector<uint32_t> todo;
  const auto need = [&](uint32_t page) {
    if (!needed[page]) {
      needed[page] = 1;
      todo.push_back(page);
    }
  };
  for (uint32_t page : ram_.take_written_pages()) need(page);
  for (size_t j = index + 1; j < checkpoints_.size(); ++j) {
    for (uint32_t page : checkpoints_[j].pages) need(page);
  }
  // Each page as the latest checkpoint up to `index` that holds it has it.
  size_t left = todo.size();
  for (size_t j = index + 1; j-- > 0 && left;) {
    const Checkpoint& c = checkpoints_[j];
    for (size_t i = 0; i < c.pages.size(); ++i) {
      const uint32_t page = c.pages[i];
      if (!needed[page]) continue;
      needed[page] = 0;
      --left;
      uint8_t* to = ram_.host() + page * kPage;
      const uint64_t begin = i ? c.ends[i - 1] : 0;
      if (begin == c.ends[i]) {
        std::memset(to, 0, kPage);
        continue;
      }
      const size_t n = ZSTD_decompressDCtx(codec_->dctx, to, kPage, c.data.data() + begin, c.ends[i] - begin);
      check(n);
      if (n != kPage) throw std::runtime_error("a RAM checkpoint's page is not a page");
    }
  }
  // The first checkpoint holds every page, so none is left; and each one restored now differs
  // from the last checkpoint (decoded code in it is stale, and the next checkpoint stores it).
  for (uint32_t page : todo) {
    const uint64_t offset = page * kPage;  // a partial last page ends with the RAM
    ram_.written(ram_.base() + offset, std::min(kPage, ram_.size() - offset));
  }
}

size_t RamHistory::drop(size_t index) {
  if (index == 0 || index + 1 >= checkpoints_.size()) throw std::out_of_range("RamHistory::drop");
  const Checkpoint& a = checkpoints_[index];
  const Checkpoint& b = checkpoints_[index + 1];
  const size_t before = bytes(index) + bytes(index + 1);
  Checkpoint merged;
  const auto take = [&merged](const Checkpoint& from, size_t i) {
    const uint64_t begin = i ? from.ends[i - 1] : 0;
    merged.pages.push_back(from.pages[i]);
    merged.data.insert(merged.data.end(), from.data.begin() + static_cast<ptrdiff_t>(begin),
                       from.data.begin() + static_cast<ptrdiff_t>(from.ends[i]));
    merged.ends.push_back(merged.data.size());
  };
  // Both ascending: a merge, where b's copy of a page is the later one and wins.
  size_t i = 0, k = 0;
  while (i < a.pages.size() || k < b.pages.size()) {
    if (k == b.pages.size() || (i < a.pages.size() && a.pages[i] < b.pages[k])) {
      take(a, i++);
    } else {
      if (i < a.pages.size() && a.pages[i] == b.pages[k]) ++i;
      take(b, k++);
    }
  }
  checkpoints_[index + 1] = std::move(merged);
  checkpoints_.erase(checkpoints_.begin() + static_cast<ptrdiff_t>(index));
  return before - bytes(index);
}

}  // namespace microvm
