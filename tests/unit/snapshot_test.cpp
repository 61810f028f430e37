// Snapshot files (core/snapshot.h): fields round-trip, and every truncated or corrupted file is
// one UserError, never a crash or a silently wrong value. Guest RAM (core/ram_snapshot.h): only
// nonzero pages are stored, and they come back byte for byte.
#include "core/snapshot.h"

#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "core/ram.h"
#include "core/ram_snapshot.h"

namespace microvm {
namespace {

Snapshot sample() {
  Snapshot s;
  SnapshotWriter a;
  a.u8(0xAB);
  a.u16(0xBEEF);
  a.u32(0xDEADBEEF);
  a.u64(0x0123456789ABCDEFull);
  a.i64(-5);
  a.boolean(true);
  a.string("hello");
  s.add("first", std::move(a));
  SnapshotWriter b;
  for (int i = 0; i < 300; ++i) b.u8(static_cast<uint8_t>(i * 7));
  s.add("second.part", std::move(b));
  s.add("empty", SnapshotWriter());
  return s;
}

// What parse() says about `bytes`, or "" when it accepts them.
std::string parse_error(std::span<const uint8_t> bytes) {
  try {
    Snapshot::parse(bytes, "test.snap");
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(SnapshotTest, FieldsRoundTrip) {
  const std::vector<uint8_t> bytes = sample().serialize();
  const Snapshot s = Snapshot::parse(bytes, "test.snap");
  ASSERT_EQ(s.sections().size(), 3u);
  SnapshotReader r = s.reader("first");
  EXPECT_EQ(r.u8(), 0xABu);
  EXPECT_EQ(r.u16(), 0xBEEFu);
  EXPECT_EQ(r.u32(), 0xDEADBEEFu);
  EXPECT_EQ(r.u64(), 0x0123456789ABCDEFull);
  EXPECT_EQ(r.i64(), -5);
  EXPECT_TRUE(r.boolean());
  EXPECT_EQ(r.string(), "hello");
  r.finish();
  SnapshotReader second = s.reader("second.part");
  EXPECT_EQ(second.remaining(), 300u);
  EXPECT_EQ(second.bytes(300)[299], static_cast<uint8_t>(299 * 7));
  EXPECT_EQ(s.reader("empty").remaining(), 0u);
}

TEST(SnapshotTest, LayoutIsLittleEndianWithMagicAndVersion) {
  const std::vector<uint8_t> bytes = sample().serialize();
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 7), "microvm");
  EXPECT_EQ(bytes[7], 0x1A);
  EXPECT_EQ(bytes[8], 2);   // version 2
  EXPECT_EQ(bytes[12], 3);  // three sections
  EXPECT_EQ(bytes[16], 5);  // the first tag's length: "first"
  EXPECT_EQ(std::string(bytes.begin() + 18, bytes.begin() + 23), "first");
  EXPECT_EQ(bytes[23], 1 + 2 + 4 + 8 + 8 + 1 + 4 + 5);  // its payload length
}

TEST(SnapshotTest, ReaderRefusesToReadPastASection) {
  const std::vector<uint8_t> bytes = sample().serialize();
  const Snapshot s = Snapshot::parse(bytes, "test.snap");
  SnapshotReader r = s.reader("empty");
  EXPECT_THROW(r.u32(), UserError);
  SnapshotReader first = s.reader("first");
  first.u8();
  try {
    first.finish();
    FAIL() << "bytes left over were accepted";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "test.snap: not a usable snapshot: section 'first': 32 bytes are left over");
  }
  EXPECT_THROW(s.reader("missing"), UserError);
}

TEST(SnapshotTest, ReaderChecksFlagsAndBounds) {
  SnapshotWriter w;
  w.u8(2);
  w.u64(1000);
  const std::vector<uint8_t> data = w.data();
  SnapshotReader r("f", "s", data);
  EXPECT_THROW(r.boolean(), UserError);
  EXPECT_THROW(r.bounded(999, "a count"), UserError);
}

TEST(SnapshotTest, EveryTruncationIsAnError) {
  const std::vector<uint8_t> bytes = sample().serialize();
  for (size_t n = 0; n < bytes.size(); ++n) {
    const std::string error = parse_error(std::span(bytes.data(), n));
    EXPECT_NE(error, "") << "a file cut to " << n << " bytes was accepted";
    if (n >= 16) {
      EXPECT_NE(error.find("truncated"), std::string::npos) << error;
    }
  }
}

TEST(SnapshotTest, EveryFlippedByteIsAnError) {
  const std::vector<uint8_t> good = sample().serialize();
  for (size_t i = 0; i < good.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xFF}) {
      std::vector<uint8_t> bad = good;
      bad[i] ^= mask;
      EXPECT_NE(parse_error(bad), "") << "byte " << i << " ^ " << int{mask} << " went unnoticed";
    }
  }
}

TEST(SnapshotTest, RandomCorruptionsAreErrors) {
  const std::vector<uint8_t> good = sample().serialize();
  std::mt19937_64 random(12345);
  for (int round = 0; round < 500; ++round) {
    std::vector<uint8_t> bad = good;
    const int changes = 1 + static_cast<int>(random() % 8);
    for (int c = 0; c < changes; ++c) bad[random() % bad.size()] = static_cast<uint8_t>(random());
    if (random() % 4 == 0) bad.resize(random() % bad.size());
    if (random() % 8 == 0) bad.push_back(static_cast<uint8_t>(random()));
    if (bad == good) continue;
    EXPECT_NE(parse_error(bad), "") << "round " << round;
  }
}

TEST(SnapshotTest, ErrorsSayWhatIsWrong) {
  std::vector<uint8_t> bytes = sample().serialize();
  EXPECT_EQ(parse_error(std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'}),
            "test.snap: not a usable snapshot: it is not a microvm snapshot (no magic number)");
  std::vector<uint8_t> future = bytes;
  future[8] = 3;
  EXPECT_EQ(
      parse_error(future),
      "test.snap: not a usable snapshot: it has format version 3, and this microvm reads version 2 only");
  std::vector<uint8_t> corrupt = bytes;
  corrupt[40] ^= 1;  // inside the first section's payload
  EXPECT_EQ(parse_error(corrupt),
            "test.snap: not a usable snapshot: section 1 ('first') fails its checksum (the file is corrupt)");
  bytes.push_back(0);
  EXPECT_EQ(parse_error(bytes), "test.snap: not a usable snapshot: 1 bytes follow the last section");
}

TEST(SnapshotTest, DuplicateTagsAreRefusedOnRead) {
  Snapshot a;
  a.add("x", SnapshotWriter());
  std::vector<uint8_t> bytes = a.serialize();
  // Append the same section again and count it in the header.
  bytes.insert(bytes.end(), bytes.begin() + 16, bytes.end());
  bytes[12] = 2;
  EXPECT_EQ(parse_error(bytes), "test.snap: not a usable snapshot: section 'x' appears twice");
}

TEST(SnapshotTest, Sha256MatchesTheStandardVector) {
  const std::string abc = "abc";
  EXPECT_EQ(hex(sha256(std::span(reinterpret_cast<const uint8_t*>(abc.data()), abc.size()))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

constexpr uint64_t kBase = 0x8000'0000, kRamSize = 1 << 20;

void fill_pages(Ram& ram) {
  // Pages 0, 3 and the last hold data; page 5 holds a single byte at its end.
  for (uint64_t i = 0; i < Ram::kPageSize; ++i) ram.host()[i] = static_cast<uint8_t>(i * 13 + 1);
  std::memset(ram.host() + 3 * Ram::kPageSize, 0x5A, Ram::kPageSize);
  ram.host()[6 * Ram::kPageSize - 1] = 0x77;
  std::memset(ram.host() + kRamSize - Ram::kPageSize, 0xC3, 100);
}

TEST(RamSnapshotTest, OnlyNonzeroPagesAreStoredAndComeBack) {
  Ram ram(kBase, kRamSize);
  fill_pages(ram);
  SnapshotWriter w;
  save_ram(ram, w);
  const std::vector<uint8_t> data = w.data();
  SnapshotReader summary_reader("f", "ram", data);
  const RamSummary summary = summarize_ram(summary_reader);
  EXPECT_EQ(summary.pages, 256u);
  EXPECT_EQ(summary.stored_pages, 4u);
  EXPECT_LT(data.size(), 4 * Ram::kPageSize);  // compressed

  Ram copy(kBase, kRamSize);
  std::memset(copy.host() + 7 * Ram::kPageSize, 0xEE, 10);  // a page the snapshot says is zero
  SnapshotReader r("f", "ram", data);
  load_ram(copy, r);
  EXPECT_EQ(std::memcmp(ram.host(), copy.host(), kRamSize), 0);
}

TEST(RamSnapshotTest, AnotherSizeIsRefused) {
  Ram ram(kBase, kRamSize);
  SnapshotWriter w;
  save_ram(ram, w);
  Ram bigger(kBase, 2 * kRamSize);
  SnapshotReader r("f", "ram", w.data());
  try {
    load_ram(bigger, r);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "f: not a usable snapshot: section 'ram': the RAM size is 1048576, but this machine has 2097152");
  }
}

// Damage behind a valid section checksum (a forged or buggy file) still ends in an error.
TEST(RamSnapshotTest, DamagedPayloadsAreErrors) {
  Ram ram(kBase, kRamSize);
  fill_pages(ram);
  SnapshotWriter w;
  save_ram(ram, w);
  const std::vector<uint8_t> good = w.data();
  std::mt19937_64 random(99);
  int errors = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<uint8_t> bad = good;
    if (round % 3 == 0) {
      bad.resize(random() % bad.size());
    } else {
      bad[random() % bad.size()] ^= static_cast<uint8_t>(1 + random() % 255);
    }
    Ram target(kBase, kRamSize);
    SnapshotReader r("f", "ram", bad);
    try {
      load_ram(target, r);
      // Only a change zstd cannot see (none should pass its checksum) could get here.
      EXPECT_EQ(std::memcmp(ram.host(), target.host(), kRamSize), 0) << "round " << round;
    } catch (const UserError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 250);
}

}  // namespace
}  // namespace microvm
