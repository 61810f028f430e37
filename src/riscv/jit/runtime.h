// The translator's run-time side: the per-hart state generated code and helpers share, and the
// Jit implementation (lookup table, code cache, the loop that runs blocks).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/code_cache.h"
#include "core/huge_pages.h"
#include "riscv/jit/block_map.h"
#include "riscv/jit/emitter.h"
#include "riscv/jit/jit.h"

namespace microvm::riscv::jit {

// Stores a block under audit made, to undo and compare (audit.cpp).
struct StoreLog {
  struct Entry {
    uint8_t* host;
    unsigned size;
    uint64_t before, after;
  };
  std::vector<Entry> entries;
  bool replayable = true;  // false once the block touched a device (it cannot run twice)
  // A store took the slow path or hit code: its bookkeeping (decoded code dropped, the block
  // ended) happened once and does not happen again when the interpreter replays it.
  bool special = false;
  void note(uint8_t* host, unsigned size);
};

struct RunState {
  bool continued = false;  // run_one: the interpreter's chain reached the next slot
  bool chain = false;      // the block ended where the interpreter would have gone on unchecked
  bool inside = false;     // exact turns: a block stopped after a not-taken branch (segment_check)
  StoreLog* log = nullptr;
};

// A translated block: where its code starts, run through Trampolines::enter (emitter.h).
using BlockCode = const void*;

// Translated for exact turns, the 8 bytes before a block's code: the most budget it can use after
// its first instruction's take up to its first branch or its end (the first segment's instructions
// less one). A block is entered only with at least that much left (Jit::set_exact; generated code
// reads it at every entry, Emitter::exact_entry).
constexpr size_t kBlockHeader = 8;
inline int64_t block_reach(BlockCode code) {
  int64_t reach;
  std::memcpy(&reach, static_cast<const char*>(code) - kBlockHeader, sizeof(reach));
  return reach;
}

// How often a translated block ran and which registers its instructions name (JitImpl::adapt).
struct BlockProfile {
  uint64_t runs = 0;
  uint16_t uses[32] = {};  // a block has at most kMaxInsns instructions
  // The generated code that counts `runs` (a read-modify-write of one memory word at every entry,
  // chained ones too), so that it can be jumped over once the profile is done (JitImpl::stop_profiling).
  const uint8_t* count_code = nullptr;
  uint8_t count_bytes = 0;
};

// Where the lookup table lives, for generated code that chains straight to another block of the
// same page (translator.cpp).
struct ChainTable {
  struct Entry {
    uint64_t key = 0;  // incarnation << 11 | slot; 0: empty
    BlockCode code = nullptr;
  };
  static constexpr unsigned kBits = 16;
  static constexpr size_t kSize = size_t{1} << kBits;
  // A multiplicative (Fibonacci) hash of the key, so that the blocks of a page spread over the
  // table instead of sharing a window with the next page's.
  static constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  static uint64_t key(uint64_t incarnation, size_t index) { return incarnation << 11 | index; }
  static size_t slot_of(uint64_t key) { return static_cast<size_t>((key * kMultiplier) >> (64 - kBits)); }
  static size_t slot(uint64_t incarnation, size_t index) { return slot_of(key(incarnation, index)); }
  Entry* entries = nullptr;
  bool enabled = false;  // off under the audit, which compares one block at a time
  // In front of the entries for jumps to another page (the shared stub's, a boot's calls and
  // returns): 32 KiB that stay in the host's caches where the 1 MiB table misses them. Indexed by
  // the top kNearBits of the same hash; an entry always says what the table said for its key when
  // last looked at, or what JitImpl::lookup wrote there since (a translation stays valid until the
  // cache is flushed, which clears both).
  static constexpr unsigned kNearBits = 11;
  static constexpr size_t kNearSize = size_t{1} << kNearBits;
  static size_t near_slot_of(uint64_t key) { return slot_of(key) >> (kBits - kNearBits); }
  Entry* near = nullptr;
};

// In a translated block, a jump to a block of its page not translated yet (Emitter::PatchSite):
// the target's ChainTable key and where a jump straight to it goes once it is.
struct PatchPoint {
  uint64_t key;
  const uint8_t* at;
};

class JitImpl final : public Jit {
 public:
  // `hot`: entries before a block is translated (0: the default, hot_entries()).
  JitImpl(Hart& hart, JitMode mode, size_t cache_bytes, unsigned hot = 0);
  ~JitImpl() override;
  bool run(Hart& hart, DecodedPage& page, size_t index) override;
  void forget() override;

  RunState& state() { return state_; }
  bool audit() const { return mode_ == JitMode::kAudit; }
  // The translation of the block at `index`, translating it now if needed (null: cannot).
  BlockCode lookup(DecodedPage& page, size_t index);
  uint64_t translations() const { return translations_; }
  const CodeCache& cache() const { return cache_; }
  bool ok() const { return cache_.ok() && trampolines_.enter != nullptr; }
  const RegMap& reg_map() const { return map_; }

 private:
  BlockCode translate(DecodedPage& page, size_t index);
  // The lookup table as generated code sees it (the trampolines' cross-page stub, chaining).
  ChainTable chain_table();
  void run_audited(Hart& hart, BlockCode code, DecodedPage& page, size_t index);

  using Entry = ChainTable::Entry;
  Hart& hart_;
  JitMode mode_;
  RunState state_;
  CodeCache cache_;
  Trampolines trampolines_;
  asmjit::CodeHolder code_;  // reused by every translation
  RegMap map_;
  // Profiling for map_: each block counts its runs and the registers it names, until the last
  // look (kLooks); then blocks are translated without the count.
  // Reserved once and never freed or reallocated before the JIT goes: generated code holds
  // pointers into it (clear() on a flush keeps the storage).
  std::vector<BlockProfile> profiles_;
  bool profiling_ = true;
  uint64_t entries_ = 0;  // translated blocks run from C++ (run()) while profiling
  void adapt();
  void stop_profiling();
  // Writes a jump to `target` at `at` (a PatchPoint), and the patch points waiting for `key`'s
  // translation, now `code`, and those of `code` whose targets are translated already.
  void patch_jump(const uint8_t* at, BlockCode target);
  void patch(uint64_t key, BlockCode code);
  std::vector<PatchPoint> patches_;  // the last translation's
  std::unordered_map<uint64_t, std::vector<const uint8_t*>> waiting_;
  // table_, near_ and heat_ share one huge page: the table (1 MiB) is probed all over, and on
  // 4 KiB pages most of those probes also missed the host's TLB.
  HugePages tables_;
  std::span<Entry> table_;  // direct-mapped, in front of all_; translations only
  std::span<Entry> near_;   // ChainTable::near
  // table_[slot] = entry for `key`, and near_ keeps up when it holds the key.
  void set_entry(Entry& slot, const Entry& entry);
  BlockMap<BlockCode> all_;  // every translation in the cache
  // Entries into code not yet translated, per slot of table_ (slots that share one share the count):
  // a block is translated on its hot_-th entry (JitImpl::lookup).
  std::span<uint8_t> heat_;
  unsigned hot_ = 1;
  uint64_t translations_ = 0;
  uint64_t audit_blocks_ = 0, audit_skipped_ = 0;
  uint64_t flushes_ = 0;
  uint64_t remaps_ = 0;
  uint64_t enters_ = 0;  // into translated code from C++ (each one a return from it too)
};

// Bytes of translated code a hart keeps before flushing (MICROVM_JIT_CACHE_KIB overrides).
size_t cache_bytes();

// Translates the block at slot `index` of `page` into `cache` (translator.cpp); null when its
// first instruction cannot be translated (or, auditing, has no inline code). `exact`: every entry
// tests that the budget covers the whole block (exact turns).
BlockCode translate_block(Hart& hart, DecodedPage& page, size_t index, CodeCache& cache, RunState& state,
                          bool audit, bool exact, const ChainTable& chain, const Trampolines& trampolines,
                          asmjit::CodeHolder& code, const RegMap& map, BlockProfile* profile,
                          std::vector<PatchPoint>& patches);
// The shared entry and exit, at the start of `cache` (translator.cpp); nulls when it cannot.
Trampolines make_trampolines(Hart& hart, CodeCache& cache, const RegMap& map, const ChainTable& chain);
void emit_lookup_key(asmjit::x86::Assembler& a, const ChainTable& table, asmjit::Label out);

}  // namespace microvm::riscv::jit
