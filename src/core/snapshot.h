// Snapshot files: a header (magic, format version) and typed sections, each with its length and
// a SHA-256 of its tag, length and payload (docs/snapshots.md describes the layout).
//
// A snapshot is read and checked whole before any of it is used: a truncated, corrupt or
// foreign-version file is one UserError naming the file and what is wrong, never a partly
// restored machine. Sections are written and read with explicit little-endian fields, so the
// format does not depend on the layout of any C++ struct.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace microvm {

using Sha256 = std::array<uint8_t, 32>;
Sha256 sha256(std::span<const uint8_t> bytes);
std::string hex(std::span<const uint8_t> bytes);
// SHA-256 of a file's whole content (a disk image); a UserError when it cannot be read.
Sha256 sha256_file(const std::string& path);

// One section's payload, built field by field.
class SnapshotWriter {
 public:
  void u8(uint8_t v) { bytes_.push_back(v); }
  void u16(uint16_t v) { le(v, 2); }
  void u32(uint32_t v) { le(v, 4); }
  void u64(uint64_t v) { le(v, 8); }
  void i64(int64_t v) { le(static_cast<uint64_t>(v), 8); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void bytes(std::span<const uint8_t> data) { bytes_.insert(bytes_.end(), data.begin(), data.end()); }
  // A length (u32) and the bytes.
  void blob(std::span<const uint8_t> data);
  void string(std::string_view text);

  const std::vector<uint8_t>& data() const { return bytes_; }
  std::vector<uint8_t>& data() { return bytes_; }

 private:
  void le(uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> bytes_;
};

// A cursor over one section's payload. Every problem (reading past the end, a value out of
// range, bytes left over) throws a UserError naming the file and the section.
class SnapshotReader {
 public:
  SnapshotReader(std::string file, std::string section, std::span<const uint8_t> payload)
      : file_(std::move(file)), section_(std::move(section)), data_(payload) {}

  uint8_t u8() { return static_cast<uint8_t>(le(1)); }
  uint16_t u16() { return static_cast<uint16_t>(le(2)); }
  uint32_t u32() { return static_cast<uint32_t>(le(4)); }
  uint64_t u64() { return le(8); }
  int64_t i64() { return static_cast<int64_t>(le(8)); }
  bool boolean();
  std::span<const uint8_t> bytes(uint64_t n);
  // A blob of at most `max` bytes.
  std::span<const uint8_t> blob(uint64_t max);
  std::string string(uint64_t max = 4096);
  // A number that must not exceed `max` (counts, indices): `what` names it in the error.
  uint64_t bounded(uint64_t max, std::string_view what);
  // A value that must equal `expected` (a size the machine was built with).
  void expect(uint64_t value, uint64_t expected, std::string_view what);

  uint64_t remaining() const { return data_.size() - at_; }
  // The section must be used up.
  void finish();
  [[noreturn]] void fail(std::string_view why) const;
  const std::string& file() const { return file_; }

 private:
  uint64_t le(unsigned n);

  std::string file_;
  std::string section_;
  std::span<const uint8_t> data_;
  uint64_t at_ = 0;
};

// A whole snapshot: sections in order, tags unique.
class Snapshot {
 public:
  static constexpr std::array<uint8_t, 8> kMagic = {'m', 'i', 'c', 'r', 'o', 'v', 'm', 0x1A};
  static constexpr uint32_t kVersion = 2;  // 2: the extension set is 64 bits
  static constexpr size_t kMaxTag = 64;
  static constexpr uint32_t kMaxSections = 4096;

  struct Section {
    std::string tag;
    std::vector<uint8_t> payload;
  };

  // Tags are printable ASCII without spaces, at most kMaxTag long, and unique.
  void add(std::string tag, SnapshotWriter&& section);
  std::vector<uint8_t> serialize() const;
  // Writes to a temporary file beside `path`, then renames it: a failed save leaves no half file.
  void write(const std::string& path) const;

  // Checks everything (magic, version, every section's length and checksum, the end marker,
  // duplicate tags) and throws one UserError about `name` on the first problem.
  static Snapshot parse(std::span<const uint8_t> bytes, const std::string& name);
  static Snapshot read(const std::string& path);

  const std::vector<Section>& sections() const { return sections_; }
  bool has(std::string_view tag) const { return find(tag) != nullptr; }
  // A reader for a section that must exist.
  SnapshotReader reader(std::string_view tag) const;
  const std::string& name() const { return name_; }

 private:
  const Section* find(std::string_view tag) const;

  std::string name_;
  std::vector<Section> sections_;
};

}  // namespace microvm
