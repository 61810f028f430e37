#include "core/snapshot.h"

#include <fcntl.h>
#include <nettle/sha2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/file.h"
#include "core/progress.h"

namespace microvm {
namespace {

// Header: magic (8), version (u32), section count (u32). Each section: tag length (u16), tag,
// payload length (u64), payload, SHA-256 of everything from the tag length to the payload's end.
constexpr size_t kHeaderBytes = 16;
constexpr size_t kSectionOverhead = 2 + 8 + 32;

void put_le(std::vector<uint8_t>& out, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t get_le(const uint8_t* p, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

bool valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > Snapshot::kMaxTag) return false;
  for (char c : tag) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace

Sha256 sha256(std::span<const uint8_t> bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), bytes.data());
  Sha256 digest;
  sha256_digest(&ctx, digest.size(), digest.data());
  return digest;
}

std::string hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (uint8_t b : bytes) {
    text.push_back(kDigits[b >> 4]);
    text.push_back(kDigits[b & 15]);
  }
  return text;
}

Sha256 sha256_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw user_error("{}: cannot read the disk image: {}", path, std::strerror(errno));
  sha256_ctx ctx;
  sha256_init(&ctx);
  std::vector<uint8_t> buffer(1 << 20);
  struct stat st {};
  const uint64_t chunks = ::fstat(fd, &st) == 0 ? static_cast<uint64_t>(st.st_size) / buffer.size() + 1 : 0;
  for (uint64_t chunk = 0;; ++chunk) {
    // Progress steps are pages elsewhere; a chunk of a MiB counts as 256 of them.
    Progress::step("hashing " + path, chunk * 256, chunks * 256);
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw user_error("{}: cannot read the disk image: {}", path, std::strerror(error));
    }
    if (n == 0) break;
    sha256_update(&ctx, static_cast<size_t>(n), buffer.data());
  }
  ::close(fd);
  Sha256 digest;
  sha256_digest(&ctx, digest.size(), digest.data());
  return digest;
}

void SnapshotWriter::blob(std::span<const uint8_t> data) {
  u32(static_cast<uint32_t>(data.size()));
  bytes(data);
}

void SnapshotWriter::string(std::string_view text) {
  blob(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

uint64_t SnapshotReader::le(unsigned n) {
  if (remaining() < n) fail("it ends early");
  const uint64_t v = get_le(data_.data() + at_, n);
  at_ += n;
  return v;
}

bool SnapshotReader::boolean() {
  const uint8_t v = u8();
  if (v > 1) fail(fmt::format("a flag holds {}, not 0 or 1", v));
  return v;
}

std::span<const uint8_t> SnapshotReader::bytes(uint64_t n) {
  if (remaining() < n) fail("it ends early");
  const auto out = data_.subspan(at_, n);
  at_ += n;
  return out;
}

std::span<const uint8_t> SnapshotReader::blob(uint64_t max) {
  const uint32_t n = u32();
  if (n > max) fail(fmt::format("a field of {} bytes is larger than the {} allowed", n, max));
  return bytes(n);
}

std::string SnapshotReader::string(uint64_t max) {
  const auto b = blob(max);
  return std::string(b.begin(), b.end());
}

uint64_t SnapshotReader::bounded(uint64_t max, std::string_view what) {
  const uint64_t v = u64();
  if (v > max) fail(fmt::format("{} is {}, more than {}", what, v, max));
  return v;
}

void SnapshotReader::expect(uint64_t value, uint64_t expected, std::string_view what) {
  if (value != expected) fail(fmt::format("{} is {}, but this machine has {}", what, value, expected));
}

void SnapshotReader::finish() {
  if (remaining() != 0) fail(fmt::format("{} bytes are left over", remaining()));
}

void SnapshotReader::fail(std::string_view why) const {
  throw user_error("{}: not a usable snapshot: section '{}': {}", file_, section_, why);
}

void Snapshot::add(std::string tag, SnapshotWriter&& section) {
  // Tags come from our own code, so a bad one is a bug rather than a user's mistake.
  if (!valid_tag(tag) || has(tag)) throw std::logic_error("bad or duplicate snapshot section tag: " + tag);
  sections_.push_back({std::move(tag), std::move(section.data())});
}

std::vector<uint8_t> Snapshot::serialize() const {
  size_t total = kHeaderBytes;
  for (const Section& s : sections_) total += kSectionOverhead + s.tag.size() + s.payload.size();
  std::vector<uint8_t> out;
  out.reserve(total);
  out.insert(out.end(), kMagic.begin(), kMagic.end());
  put_le(out, kVersion, 4);
  put_le(out, sections_.size(), 4);
  for (const Section& s : sections_) {
    const size_t start = out.size();
    put_le(out, s.tag.size(), 2);
    out.insert(out.end(), s.tag.begin(), s.tag.end());
    put_le(out, s.payload.size(), 8);
    out.insert(out.end(), s.payload.begin(), s.payload.end());
    const Sha256 sum = sha256(std::span(out).subspan(start));
    out.insert(out.end(), sum.begin(), sum.end());
  }
  return out;
}

namespace {

// Writes all of `bytes` to `fd`; 0, or the errno that stopped it (a full disk, a short write).
int write_all(int fd, std::span<const uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : ENOSPC;
    done += static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace

void Snapshot::write(const std::string& path) const {
  const std::vector<uint8_t> bytes = serialize();
  auto failed = [&](int error) {
    return user_error("{}: cannot write the snapshot: {}", path, std::strerror(error));
  };
  // A device or a pipe is written in place: renaming a file over it would replace the device.
  struct stat target {};
  if (::stat(path.c_str(), &target) == 0 && !S_ISREG(target.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) throw failed(errno);
    const int error = write_all(fd, bytes);
    if (::close(fd) != 0 && error == 0) throw failed(errno);
    if (error != 0) throw failed(error);
    return;
  }
  // A regular file is written beside and renamed over, so a failed save never leaves half a
  // snapshot where the last good one was.
  const std::string temporary = path + ".partial";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw failed(errno);
  if (const int error = write_all(fd, bytes); error != 0) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw failed(error);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw failed(error);
  }
}

Snapshot Snapshot::parse(std::span<const uint8_t> bytes, const std::string& name) {
  auto bad = [&](std::string_view why) { return user_error("{}: not a usable snapshot: {}", name, why); };
  if (bytes.size() < kMagic.size() || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
    throw bad("it is not a microvm snapshot (no magic number)");
  if (bytes.size() < kHeaderBytes) throw bad("the file is truncated (in its header)");
  const uint32_t version = static_cast<uint32_t>(get_le(bytes.data() + 8, 4));
  if (version != kVersion) {
    throw bad(
        fmt::format("it has format version {}, and this microvm reads version {} only", version, kVersion));
  }
  const uint32_t count = static_cast<uint32_t>(get_le(bytes.data() + 12, 4));
  if (count > kMaxSections) throw bad(fmt::format("it claims {} sections (corrupt header)", count));
  Snapshot snapshot;
  snapshot.name_ = name;
  size_t at = kHeaderBytes;
  for (uint32_t i = 0; i < count; ++i) {
    const size_t start = at;
    if (bytes.size() - at < 2)
      throw bad(fmt::format("the file is truncated (section {} of {})", i + 1, count));
    const size_t tag_len = get_le(bytes.data() + at, 2);
    at += 2;
    if (tag_len == 0 || tag_len > kMaxTag) throw bad(fmt::format("section {} has a corrupt header", i + 1));
    if (bytes.size() - at < tag_len + 8)
      throw bad(fmt::format("the file is truncated (section {} of {})", i + 1, count));
    std::string tag(reinterpret_cast<const char*>(bytes.data() + at), tag_len);
    at += tag_len;
    const uint64_t length = get_le(bytes.data() + at, 8);
    at += 8;
    if (length > bytes.size() - at || bytes.size() - at - length < 32) {
      throw bad(fmt::format("the file is truncated (section {} of {}, '{}')", i + 1, count,
                            valid_tag(tag) ? tag : "?"));
    }
    const Sha256 sum = sha256(bytes.subspan(start, at + length - start));
    if (std::memcmp(sum.data(), bytes.data() + at + length, sum.size()) != 0) {
      throw bad(fmt::format("section {} ('{}') fails its checksum (the file is corrupt)", i + 1,
                            valid_tag(tag) ? tag : "?"));
    }
    if (!valid_tag(tag)) throw bad(fmt::format("section {} has a corrupt tag", i + 1));
    if (snapshot.has(tag)) throw bad(fmt::format("section '{}' appears twice", tag));
    snapshot.sections_.push_back(
        {std::move(tag), std::vector<uint8_t>(bytes.begin() + static_cast<long>(at),
                                              bytes.begin() + static_cast<long>(at + length))});
    at += length + 32;
  }
  if (at != bytes.size()) throw bad(fmt::format("{} bytes follow the last section", bytes.size() - at));
  return snapshot;
}

Snapshot Snapshot::read(const std::string& path) { return parse(read_file(path), path); }

const Snapshot::Section* Snapshot::find(std::string_view tag) const {
  for (const Section& s : sections_) {
    if (s.tag == tag) return &s;
  }
  return nullptr;
}

SnapshotReader Snapshot::reader(std::string_view tag) const {
  const Section* s = find(tag);
  if (!s) throw user_error("{}: not a usable snapshot: it has no '{}' section", name_, tag);
  return SnapshotReader(name_, std::string(tag), s->payload);
}

}  // namespace microvm
