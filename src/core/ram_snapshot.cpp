#include "core/ram_snapshot.h"

#include <zstd.h>

#include <cstring>
#include <memory>

#include "core/error.h"
#include "core/progress.h"

namespace microvm {
namespace {

constexpr uint64_t kPage = Ram::kPageSize;
constexpr int kLevel = 3;
constexpr int kFastLevel = -4;  // zstd's "fast" levels: a few times faster than 1, somewhat bigger

bool zero_page(const uint8_t* p) {
  static const uint8_t kZeros[kPage] = {};
  return std::memcmp(p, kZeros, kPage) == 0;
}

struct CctxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// Layout: base (u64), size (u64), page size (u64), stored pages (u64), bitmap (one bit per page,
// LSB first), compressed length (u64), one zstd frame holding the stored pages in order.
struct Header {
  uint64_t base, size, pages, stored, bitmap_bytes;
};

Header read_header(SnapshotReader& in) {
  Header h;
  h.base = in.u64();
  h.size = in.u64();
  const uint64_t page = in.u64();
  if (page != kPage) in.fail(fmt::format("RAM pages of {} bytes (this microvm uses {})", page, kPage));
  if (h.size == 0 || h.size % kPage || h.size > (1ull << 40)) in.fail(fmt::format("RAM size {:#x}", h.size));
  h.pages = h.size / kPage;
  h.stored = in.bounded(h.pages, "the number of stored pages");
  h.bitmap_bytes = (h.pages + 7) / 8;
  return h;
}

}  // namespace

void save_ram(const Ram& ram, SnapshotWriter& out, RamCompression compression) {
  const uint64_t pages = ram.size() / kPage;
  std::vector<uint8_t> bitmap((pages + 7) / 8, 0);
  uint64_t stored = 0;
  for (uint64_t i = 0; i < pages; ++i) {
    if (!zero_page(ram.host() + i * kPage)) {
      bitmap[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      ++stored;
    }
  }
  std::unique_ptr<ZSTD_CCtx, CctxDeleter> cctx(ZSTD_createCCtx());
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel,
                         compression == RamCompression::kSmall ? kLevel : kFastLevel);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setPledgedSrcSize(cctx.get(), stored * kPage);
  std::vector<uint8_t> compressed(ZSTD_compressBound(stored * kPage));
  ZSTD_outBuffer output{compressed.data(), compressed.size(), 0};
  uint64_t done = 0;
  for (uint64_t i = 0; i < pages; ++i) {
    if (!(bitmap[i / 8] & (1u << (i % 8)))) continue;
    Progress::step("compressing RAM", ++done, stored);
    ZSTD_inBuffer input{ram.host() + i * kPage, kPage, 0};
    while (input.pos < input.size) {
      const size_t r = ZSTD_compressStream2(cctx.get(), &output, &input, ZSTD_e_continue);
      if (ZSTD_isError(r)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(r));
    }
  }
  ZSTD_inBuffer empty{nullptr, 0, 0};
  for (;;) {
    const size_t r = ZSTD_compressStream2(cctx.get(), &output, &empty, ZSTD_e_end);
    if (ZSTD_isError(r)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(r));
    if (r == 0) break;
  }
  out.u64(ram.base());
  out.u64(ram.size());
  out.u64(kPage);
  out.u64(stored);
  out.bytes(bitmap);
  out.u64(output.pos);
  out.bytes(std::span(compressed.data(), output.pos));
}

void load_ram(Ram& ram, SnapshotReader& in) {
  const Header h = read_header(in);
  in.expect(h.base, ram.base(), "the RAM base address");
  in.expect(h.size, ram.size(), "the RAM size");
  const auto bitmap = in.bytes(h.bitmap_bytes);
  uint64_t counted = 0;
  for (uint64_t i = 0; i < h.pages; ++i) counted += (bitmap[i / 8] >> (i % 8)) & 1;
  if (counted != h.stored) in.fail("the page bitmap does not match the number of stored pages");
  const auto compressed = in.bytes(in.bounded(in.remaining(), "the compressed RAM length"));
  in.finish();

  std::unique_ptr<ZSTD_DCtx, DctxDeleter> dctx(ZSTD_createDCtx());
  ZSTD_inBuffer input{compressed.data(), compressed.size(), 0};
  std::memset(ram.host(), 0, ram.size());
  size_t last = 1;
  uint64_t done = 0;
  for (uint64_t i = 0; i < h.pages; ++i) {
    if (!((bitmap[i / 8] >> (i % 8)) & 1)) continue;
    Progress::step("decompressing RAM", ++done, h.stored);
    ZSTD_outBuffer output{ram.host() + i * kPage, kPage, 0};
    while (output.pos < output.size) {
      const size_t before_in = input.pos, before_out = output.pos;
      last = ZSTD_decompressStream(dctx.get(), &output, &input);
      if (ZSTD_isError(last))
        in.fail(fmt::format("the RAM does not decompress: {}", ZSTD_getErrorName(last)));
      if (input.pos == before_in && output.pos == before_out) in.fail("the compressed RAM ends early");
    }
  }
  // The frame must end exactly here (its checksum is verified at its end).
  while (last != 0) {
    uint8_t spare;
    ZSTD_outBuffer output{&spare, 1, 0};
    const size_t before_in = input.pos;
    last = ZSTD_decompressStream(dctx.get(), &output, &input);
    if (ZSTD_isError(last)) in.fail(fmt::format("the RAM does not decompress: {}", ZSTD_getErrorName(last)));
    if (output.pos != 0) in.fail("the compressed RAM holds more pages than its bitmap says");
    if (input.pos == before_in && last != 0) in.fail("the compressed RAM ends early");
  }
  if (input.pos != input.size) in.fail("bytes follow the compressed RAM");
  ram.written(ram.base(), ram.size());
}

void save_compressed(std::span<const uint8_t> bytes, SnapshotWriter& out) {
  std::vector<uint8_t> compressed(ZSTD_compressBound(bytes.size()));
  const size_t n = ZSTD_compress(compressed.data(), compressed.size(), bytes.data(), bytes.size(), kLevel);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.u64(bytes.size());
  out.blob(std::span(compressed.data(), n));
}

void load_compressed(SnapshotReader& in, std::span<uint8_t> bytes) {
  in.expect(in.u64(), bytes.size(), "the size of a compressed block");
  const auto compressed = in.blob(ZSTD_compressBound(bytes.size()));
  const unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (size != bytes.size()) in.fail("a compressed block is corrupt");
  const size_t n = ZSTD_decompress(bytes.data(), bytes.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != bytes.size()) in.fail("a compressed block does not decompress");
}

RamSummary summarize_ram(SnapshotReader& in) {
  const Header h = read_header(in);
  in.bytes(h.bitmap_bytes);
  RamSummary s;
  s.base = h.base;
  s.size = h.size;
  s.pages = h.pages;
  s.stored_pages = h.stored;
  s.compressed_bytes = in.u64();
  return s;
}

}  // namespace microvm
