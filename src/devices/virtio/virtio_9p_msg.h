// 9P2000.L message numbers and the little-endian encoding of its fields (strings are a 16-bit
// length and the bytes; a qid is type, version, path). Reading past a message's end sets a flag
// instead of reading outside it.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace microvm::devices::p9 {

enum : uint8_t {
  kRlerror = 7,
  kTstatfs = 8,
  kTlopen = 12,
  kTlcreate = 14,
  kTsymlink = 16,
  kTmknod = 18,
  kTrename = 20,
  kTreadlink = 22,
  kTgetattr = 24,
  kTsetattr = 26,
  kTxattrwalk = 30,
  kTxattrcreate = 32,
  kTreaddir = 40,
  kTfsync = 50,
  kTlock = 52,
  kTgetlock = 54,
  kTlink = 70,
  kTmkdir = 72,
  kTrenameat = 74,
  kTunlinkat = 76,
  kTversion = 100,
  kTauth = 102,
  kTattach = 104,
  kTflush = 108,
  kTwalk = 110,
  kTread = 116,
  kTwrite = 118,
  kTclunk = 120,
  kTremove = 122,
};

constexpr uint32_t kNoFid = ~0u;
constexpr uint16_t kMaxWalk = 16;     // names in one Twalk
constexpr uint32_t kReadHeader = 11;  // size, type, tag, count before Rread's data

// qid.type bits.
constexpr uint8_t kQidDir = 0x80, kQidSymlink = 0x02;

class Message {
 public:
  explicit Message(const std::vector<uint8_t>& bytes) : bytes_(bytes), end_(bytes.size()) {}

  void limit(size_t end) { end_ = std::min(end, bytes_.size()); }
  bool ok() const { return ok_; }
  size_t left() const { return end_ - at_; }

  uint8_t u8() { return static_cast<uint8_t>(take(1)); }
  uint16_t u16() { return static_cast<uint16_t>(take(2)); }
  uint32_t u32() { return static_cast<uint32_t>(take(4)); }
  uint64_t u64() { return take(8); }
  std::string str() {
    const uint16_t n = u16();
    if (!ok_ || n > left()) {
      ok_ = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(bytes_.data() + at_), n);
    at_ += n;
    return s;
  }
  // The next `n` bytes, in place (for Twrite's data).
  const uint8_t* bytes(size_t n) {
    if (!ok_ || n > left()) {
      ok_ = false;
      return nullptr;
    }
    const uint8_t* p = bytes_.data() + at_;
    at_ += n;
    return p;
  }

 private:
  uint64_t take(unsigned n) {
    if (!ok_ || n > left()) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= uint64_t{bytes_[at_ + i]} << (8 * i);
    at_ += n;
    return v;
  }

  const std::vector<uint8_t>& bytes_;
  size_t at_ = 0;
  size_t end_;
  bool ok_ = true;
};

class Reply {
 public:
  Reply(uint8_t type, uint16_t tag) {
    u32(0);  // size, set by finish()
    u8(type);
    u16(tag);
  }

  void u8(uint8_t v) { put(v, 1); }
  void u16(uint16_t v) { put(v, 2); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void str(const std::string& s) {
    u16(static_cast<uint16_t>(s.size()));
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }
  void qid(const struct stat& st) {
    u8(S_ISDIR(st.st_mode) ? kQidDir : S_ISLNK(st.st_mode) ? kQidSymlink : 0);
    u32(0);  // version: the guest caches nothing by it (cache=none)
    u64(st.st_ino);
  }
  size_t size() const { return bytes_.size(); }
  // Room for `n` more bytes at the end; returns where they start.
  uint8_t* grow(size_t n) {
    bytes_.resize(bytes_.size() + n);
    return bytes_.data() + bytes_.size() - n;
  }
  void shrink(size_t to) { bytes_.resize(to); }
  void set_u32(size_t at, uint32_t v) {
    for (unsigned i = 0; i < 4; ++i) bytes_[at + i] = static_cast<uint8_t>(v >> (8 * i));
  }
  std::vector<uint8_t> finish() {
    set_u32(0, static_cast<uint32_t>(bytes_.size()));
    return std::move(bytes_);
  }

 private:
  void put(uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }

  std::vector<uint8_t> bytes_;
};

}  // namespace microvm::devices::p9
