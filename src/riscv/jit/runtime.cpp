// What generated code calls, and the loop that runs translated blocks.
#include "riscv/jit/runtime.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "riscv/exec_common.h"
#include "riscv/fpu/format.h"
#include "riscv/jit/hooks.h"
#include "riscv/jit/perf_map.h"

namespace microvm::riscv {
namespace {

jit::RunState& run_state(Hart& h) { return static_cast<jit::JitImpl*>(JitHooks::jit(h))->state(); }

// A page of continue sentinels: what a jump inside run_one's instruction dispatches to, so that
// the handler never chains into the real page (the translated block decides what runs next).
struct SentinelPage {
  Insn insns[DecodedPage::kSlots + DecodedPage::kSentinels];
  SentinelPage() {
    for (Insn& insn : insns) insn = Insn{&JitHooks::continue_sentinel, 0, {}, {}, {}, {}};
  }
};
const SentinelPage kSentinelPage;

}  // namespace

void JitHooks::continue_sentinel(Hart& h, const Insn&) {
  h.block_.give_back();  // not an instruction
  run_state(h).continued = true;
}

bool JitHooks::run_one(Hart& h, const Insn* insn) {
  jit::RunState& state = run_state(h);
  state.continued = false;
  const uint64_t next = h.pc + insn->len;
  const Insn* saved = h.block_insns_;
  h.block_insns_ = kSentinelPage.insns;
  insn->fn(h, *insn);
  h.block_insns_ = saved;
  return state.continued && !h.exit_block_ && h.pc == next;
}

bool JitHooks::load_miss(Hart& h, uint64_t va, uint32_t rd, uint32_t funct3) {
  static constexpr unsigned kSizes[] = {1, 2, 4, 8, 1, 2, 4};
  if (jit::StoreLog* log = run_state(h).log) {
    uint64_t pa;
    if (h.debug_translate(va, Access::kRead, pa) && !h.ram_.contains(pa, kSizes[funct3]))
      log->replayable = false;
  }
  uint64_t value;
  switch (funct3) {
    case 0: {
      int8_t v;
      if (!h.load(va, v)) return false;
      value = static_cast<uint64_t>(int64_t{v});
      break;
    }
    case 1: {
      int16_t v;
      if (!h.load(va, v)) return false;
      value = static_cast<uint64_t>(int64_t{v});
      break;
    }
    case 2: {
      int32_t v;
      if (!h.load(va, v)) return false;
      value = static_cast<uint64_t>(int64_t{v});
      break;
    }
    case 3:
      if (!h.load(va, value)) return false;
      break;
    case 4: {
      uint8_t v;
      if (!h.load(va, v)) return false;
      value = v;
      break;
    }
    case 5: {
      uint16_t v;
      if (!h.load(va, v)) return false;
      value = v;
      break;
    }
    default: {
      uint32_t v;
      if (!h.load(va, v)) return false;
      value = v;
      break;
    }
  }
  h.x[rd] = value;
  return true;
}

bool JitHooks::fp_load_miss(Hart& h, uint64_t va, uint32_t rd, uint32_t double_width) {
  if (jit::StoreLog* log = run_state(h).log) {
    uint64_t pa;
    if (h.debug_translate(va, Access::kRead, pa) && !h.ram_.contains(pa, double_width ? 8 : 4))
      log->replayable = false;
  }
  if (double_width) {
    uint64_t v;
    if (!h.load(va, v)) return false;
    h.f[rd] = v;
  } else {
    uint32_t v;
    if (!h.load(va, v)) return false;
    h.f[rd] = fpu::box32(v);
  }
  h.csr.mstatus |= mstatus_bits::kFS;
  return true;
}

bool JitHooks::store_miss(Hart& h, uint64_t va, uint64_t value, uint32_t size_len) {
  const uint32_t size = size_len & 0xFF;
  if (jit::StoreLog* log = run_state(h).log) {
    uint64_t pa;
    log->special = true;
    if (h.debug_translate(va, Access::kWrite, pa)) {
      if ((va & 0xFFF) + size > 4096 || !h.ram_.contains(pa, size)) {
        log->replayable = false;
      } else {
        log->note(h.ram_.ptr(pa), size);
      }
    }
  }
  bool stored;
  switch (size) {
    case 1: stored = h.store<uint8_t>(va, static_cast<uint8_t>(value)); break;
    case 2: stored = h.store<uint16_t>(va, static_cast<uint16_t>(value)); break;
    case 4: stored = h.store<uint32_t>(va, static_cast<uint32_t>(value)); break;
    default: stored = h.store<uint64_t>(va, value); break;
  }
  if (!stored) return false;
  if (!h.exit_block_) return true;
  h.pc += size_len >> 8;
  return false;
}

bool JitHooks::special_store(Hart& h, uintptr_t host, uint32_t size) {
  if (jit::StoreLog* log = run_state(h).log) log->special = true;
  h.after_special_store(host, size);
  return !h.exit_block_;
}

namespace jit {

void audit_store(Hart* hart, uint64_t va, uint32_t size) {
  RunState& state = run_state(*hart);
  if (!state.log) return;
  // Where the inline store will write: RAM straight (M-mode, Emitter::direct_address) or through
  // the TLB; a miss takes the slow path, which notes its own stores.
  if (uint8_t* host = JitHooks::direct_host(*hart, va)) {
    state.log->note(host, size);
    return;
  }
  const TlbEntry& e = JitHooks::tlb(*hart).data().write[Tlb::index(va)];
  if (e.tag == (va & (~0xFFFull | (size - 1))))
    state.log->note(reinterpret_cast<uint8_t*>(e.addend + va), size);
}

void StoreLog::note(uint8_t* host, unsigned size) {
  Entry entry{host, size, 0, 0};
  std::memcpy(&entry.before, host, size);
  entries.push_back(entry);
}

size_t cache_bytes() {
  // MICROVM_JIT_CACHE_KIB: a small cache makes tests reach the flush (the default holds a boot).
  if (const char* kib = std::getenv("MICROVM_JIT_CACHE_KIB")) return std::strtoull(kib, nullptr, 10) * 1024;
  return size_t{32} << 20;
}

// Translated blocks run from C++ before map_ is re-picked (a first look, and the one that stays), and how
// many blocks count their runs until then. A bare-metal loop enters from C++ once a turn (32768
// instructions, Hart::run_for): the last look comes after some 500M instructions there.
constexpr uint64_t kFirstLook = 1024, kLastLook = 16384;
constexpr size_t kProfiles = 32768;

// The chain table, its near table and the heat counts (JitImpl::tables_), in one huge page.
constexpr size_t kTablesBytes =
    (ChainTable::kSize + ChainTable::kNearSize) * sizeof(ChainTable::Entry) + ChainTable::kSize;
static_assert(kTablesBytes <= kHugePage);

// Room a translation may need (kMaxInsns instructions of the largest inline code, and its data).
constexpr size_t kMaxBlockBytes = 64 * 1024;

// Entries before a block is translated (MICROVM_JIT_HOT overrides, 1 to 255). A translation
// costs some 4 us (most of it asmjit encoding and copying ~700 bytes of host code), while the
// interpreter runs a basic block in tens of ns: a block must run about a hundred times to pay for
// it. A Linux boot runs ~15k blocks 8 times or more, most of them not many more. 48 to 128 boot
// alike; the higher, the more a short program (the guest bench's fork-200) runs interpreted.
unsigned hot_entries() {
  if (const char* hot = std::getenv("MICROVM_JIT_HOT")) return std::clamp<unsigned>(std::atoi(hot), 1, 255);
  return kHotEntries;
}

JitImpl::JitImpl(Hart& hart, JitMode mode, size_t bytes, unsigned hot)
    : hart_(hart), mode_(mode), cache_(bytes), tables_(kTablesBytes) {
  if (tables_.data() == nullptr) return;  // ok() says no: the interpreter runs everything
  // Zeroed memory holds empty entries (key 0) and no heat.
  static_assert(std::is_trivially_copyable_v<Entry>);
  auto* entries = reinterpret_cast<Entry*>(tables_.data());
  table_ = {entries, ChainTable::kSize};
  near_ = {entries + ChainTable::kSize, ChainTable::kNearSize};
  heat_ = {reinterpret_cast<uint8_t*>(entries + ChainTable::kSize + ChainTable::kNearSize),
           ChainTable::kSize};
  // Auditing compares every block it can, from its first run.
  hot_ = mode == JitMode::kAudit ? 1 : hot != 0 ? std::min(hot, 255u) : hot_entries();
  profiling_ = mode != JitMode::kAudit;
  if (profiling_) profiles_.reserve(kProfiles);
  if (cache_.ok()) {
    trampolines_ = make_trampolines(hart, cache_, map_, chain_table());
    cache_.keep();
  }
}

// MICROVM_JIT_STATS=1: what the translator did, on stderr when the hart goes away.
JitImpl::~JitImpl() {
  if (const char* stats = std::getenv("MICROVM_JIT_STATS"); stats && std::strcmp(stats, "1") == 0) {
    std::fprintf(
        stderr,
        "jit: %llu translations, %zu KiB of code in use, %llu flushes, %llu register maps, %llu entries "
        "from C++; audited %llu blocks (%llu touched a device, not compared)\n",
        static_cast<unsigned long long>(translations_), cache_.used() / 1024,
        static_cast<unsigned long long>(flushes_), static_cast<unsigned long long>(remaps_),
        static_cast<unsigned long long>(enters_), static_cast<unsigned long long>(audit_blocks_),
        static_cast<unsigned long long>(audit_skipped_));
  }
}

void JitImpl::forget() {
  profiles_.clear();  // the blocks they count are gone
  std::fill(table_.begin(), table_.end(), Entry{});
  std::fill(near_.begin(), near_.end(), Entry{});
  all_.clear();
  waiting_.clear();
  cache_.flush();
}

// The eight registers the code that ran named most (each block's registers weighted by its runs),
// after a few numbers of blocks run from C++: when they would be used a quarter more than the
// mapped ones, every translation goes and the cache starts over with them.
void JitImpl::adapt() {
  uint64_t score[32] = {};
  for (const BlockProfile& p : profiles_) {
    for (unsigned r = 1; r < 32; ++r) score[r] += p.runs * p.uses[r];
  }
  std::array<unsigned, 31> order;
  for (unsigned r = 1; r < 32; ++r) order[r - 1] = r;
  std::stable_sort(order.begin(), order.end(),
                   [&score](unsigned a, unsigned b) { return score[a] > score[b]; });
  std::array<unsigned, RegMap::kCount> best;
  std::copy_n(order.begin(), RegMap::kCount, best.begin());
  uint64_t now = 0, then = 0;
  for (unsigned r : map_.guests()) now += score[r];
  for (unsigned r : best) then += score[r];
  if (then < now + now / 4) return;  // not worth a flush and the translations again
  std::sort(best.begin(), best.end());
  forget();
  map_ = RegMap(best);
  cache_.reset();
  trampolines_ = make_trampolines(hart_, cache_, map_, chain_table());
  cache_.keep();
  ++remaps_;
}

// The blocks translated while profiling stop counting (NOPs written over the count through the
// cache's writable view: no generated code runs while C++ does on this hart, and no other hart
// runs this cache), and profiles_ goes.
void JitImpl::stop_profiling() {
  profiling_ = false;
  // NOPs rather than a jump over the count: every entry into the block would take that jump (a
  // loop's back edge too).
  static constexpr uint8_t kNops[][9] = {
      {0x90},
      {0x66, 0x90},
      {0x0F, 0x1F, 0x00},
      {0x0F, 0x1F, 0x40, 0x00},
      {0x0F, 0x1F, 0x44, 0x00, 0x00},
      {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
      {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
      {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
      {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
  };
  for (const BlockProfile& p : profiles_) {
    if (p.count_code == nullptr) continue;
    uint8_t* at = cache_.writable(p.count_code);
    for (size_t left = p.count_bytes; left > 0;) {
      const size_t n = std::min<size_t>(left, sizeof(kNops[0]));
      std::memcpy(at, kNops[n - 1], n);
      at += n;
      left -= n;
    }
  }
  std::vector<BlockProfile>().swap(profiles_);
}

ChainTable JitImpl::chain_table() { return ChainTable{table_.data(), !audit(), near_.data()}; }

void JitImpl::set_entry(Entry& slot, const Entry& entry) {
  slot = entry;
  Entry& near = near_[ChainTable::near_slot_of(entry.key)];
  if (near.key == entry.key) near = entry;
}

BlockCode JitImpl::translate(DecodedPage& page, size_t index) {
  if (cache_.capacity() - cache_.used() < kMaxBlockBytes) {
    forget();
    ++flushes_;
  }
  ++translations_;
  const ChainTable chain = chain_table();
  BlockProfile* profile = nullptr;
  if (profiling_ && profiles_.size() < profiles_.capacity()) profile = &profiles_.emplace_back();
  const size_t before = cache_.used();
  patches_.clear();
  BlockCode code = translate_block(hart_, page, index, cache_, state_, audit(), exact_, chain, trampolines_,
                                   code_, map_, profile, patches_);
  if (code) {
    perf_map_add(code, cache_.used() - before, hart_.pc);
    patch(ChainTable::key(page.incarnation, index), code);
  }
  return code;
}

void JitImpl::patch_jump(const uint8_t* at, BlockCode target) {
  static_assert(Emitter::kPatchBytes == 5);
  uint8_t jump[5] = {0xE9};  // jmp rel32
  const auto rel =
      static_cast<int32_t>(reinterpret_cast<intptr_t>(target) - reinterpret_cast<intptr_t>(at + 5));
  std::memcpy(jump + 1, &rel, sizeof(rel));
  std::memcpy(cache_.writable(at), jump, sizeof(jump));
}

// Same page, same incarnation: both blocks go in the same flush, so the jump holds while they do.
// Written while no generated code runs on this hart (translations happen between blocks), and no
// other hart runs this cache.
void JitImpl::patch(uint64_t key, BlockCode code) {
  if (auto it = waiting_.find(key); it != waiting_.end()) {
    for (const uint8_t* at : it->second) patch_jump(at, code);
    waiting_.erase(it);
  }
  for (const PatchPoint& p : patches_) {
    const BlockCode* known = all_.find(p.key);
    if (known && *known) {
      patch_jump(p.at, *known);
    } else {
      waiting_[p.key].push_back(p.at);
    }
  }
}

BlockCode JitImpl::lookup(DecodedPage& page, size_t index) {
  const uint64_t key = ChainTable::key(page.incarnation, index);
  const size_t slot = ChainTable::slot(page.incarnation, index);
  Entry& entry = table_[slot];
  const bool known = entry.key == key;
  if (known && trampolines_.translated(entry.code)) return entry.code;
  if (known && entry.code == trampolines_.refused) return nullptr;
  if (!known) {
    if (const BlockCode* known_code = all_.find(key)) {
      set_entry(entry, Entry{key, *known_code ? *known_code : trampolines_.refused});
      return *known_code;
    }
  }
  // Cold code stays with the interpreter until its hot_-th entry, exact turns too (the interpreter
  // runs their cold code a few instructions at a time, Hart::run_exactly). The table remembers it
  // as cold (unless the slot holds another block's translation), so that the next entry costs one
  // look; the count is the slot's.
  if (hot_ > 1) {
    uint8_t& heat = heat_[slot];
    if (++heat < hot_) {
      if (entry.key == 0 || !trampolines_.translated(entry.code))
        set_entry(entry, Entry{key, trampolines_.cold});
      return nullptr;
    }
    heat = 0;
  }
  // A slot that cannot start a block (it straddles the page's end; auditing, it has no inline
  // code) is remembered too, so that it is not tried again.
  BlockCode code = translate(page, index);
  all_.put(key, code);
  set_entry(entry, Entry{key, code ? code : trampolines_.refused});
  return code;
}

bool JitImpl::run(Hart& hart, DecodedPage& page, size_t index) {
  BlockCode code = lookup(page, index);
  if (code == nullptr) return false;
  // Entries into cold code do not count: while a program starts, its own hot code is not yet
  // translated (kHotEntries), and the map would be picked for code that is done by then.
  if (profiling_) [[unlikely]] {
    ++entries_;
    if (entries_ == kFirstLook || entries_ == kLastLook) {
      adapt();
      if (entries_ == kLastLook) stop_profiling();
      code = lookup(page, index);  // the cache may have started over
      if (code == nullptr) return false;
    }
  }
  // Exact turns: too little budget left for the whole block; run_block steps the rest.
  if (exact_ && JitHooks::budget(hart) < block_reach(code)) return false;
  DecodedPage* on = &page;
  for (;;) {
    const Insn& slot = on->insns[index];
    if (code) {
      state_.chain = false;
      state_.inside = false;
      if (audit()) {
        run_audited(hart, code, *on, index);
      } else {
        ++enters_;
        trampolines_.enter(&hart, code);
      }
      // Exact turns: run_block looks at the budget before the next block (and steps what follows
      // when a block would not fit), so nothing runs on from here unchecked.
      stopped_inside_ = state_.inside;
      if (!state_.chain || exact_) return true;
    } else if (audit() &&
               (slot.fn != JitHooks::decode_slot_handler() || JitHooks::decode_in_place(hart, *on, index))) {
      // Audited blocks hold inline code only: this one runs alone, as a translated block's helper.
      const Insn one[3] = {slot, Insn{&JitHooks::continue_sentinel, 0, {}, {}, {}, {}},
                           Insn{&JitHooks::continue_sentinel, 0, {}, {}, {}, {}}};
      const uint64_t at = hart.pc;
      if (!JitHooks::run_one(hart, one)) return true;
      if (((hart.pc ^ at) >> 12) != 0) return true;  // off the page's end: the sentinel ends the block
    } else {
      // Straddling the page's end: the interpreter's chain from here.
      slot.fn(hart, slot);
      return true;
    }
    // The block stopped where the interpreter goes on without looking at the budget: go on, on
    // the page it stopped on (chained blocks may have moved to another; they set current_page_).
    JitHooks::take(hart);
    index = (hart.pc & Tlb::kPageMask) >> 1;
    if (DecodedPage* now = JitHooks::current_page(hart); now != on) {
      on = now;
      JitHooks::set_block_page(hart, *on);
    }
    code = lookup(*on, index);
  }
}

}  // namespace jit
}  // namespace microvm::riscv
