// Every translation in a code cache by key (ChainTable::key), behind the direct-mapped table.
// Open addressing with linear probing in one flat array: a lookup that misses the table costs one
// cache line here, where std::unordered_map cost a division and two or three dependent misses
// (bucket, node, next node): about half of JitImpl::lookup's samples in a Linux boot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace microvm::riscv::jit {

template <typename Value>
class BlockMap {
 public:
  // Null when `key` (never 0) was never put.
  const Value* find(uint64_t key) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = home(key);; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.key == key) return &s.value;
      if (s.key == 0) return nullptr;
    }
  }
  // Keys are put once (a translation stays until the whole cache goes).
  void put(uint64_t key, Value value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    insert(key, value);
  }
  void clear() {
    slots_.assign(slots_.size(), Slot{});
    size_ = 0;
  }
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key = 0;
    Value value{};
  };
  size_t mask() const { return slots_.size() - 1; }
  size_t home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_) & mask();
  }
  void insert(uint64_t key, Value value) {
    size_t i = home(key);
    while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask();
    if (slots_[i].key == 0) ++size_;
    slots_[i] = Slot{key, value};
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const size_t capacity = old.empty() ? 4096 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != 0) insert(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
  unsigned shift_ = 64;
};

}  // namespace microvm::riscv::jit
