// Symbols from a System.map (lookup, addresses, errors) and the Sdtrig registers' WARL rules and
// matching, without a hart.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "core/symbols.h"
#include "riscv/triggers.h"

namespace microvm {
namespace {

std::string write_temp(const std::string& text) {
  std::string name = (std::filesystem::temp_directory_path() / "microvm-symbols-XXXXXX").string();
  const int fd = mkstemp(name.data());
  EXPECT_GE(fd, 0);
  std::ofstream(name) << text;
  close(fd);
  return name;
}

TEST(Symbols, SystemMapLookupAndAddresses) {
  const std::string path = write_temp(
      "ffffffff80000000 T _start\nffffffff80000100 t helper\nffffffff80001000 D some_data\n"
      "ffffffff80000200 T start_kernel\n");
  Symbols s;
  EXPECT_NO_THROW(s.add_file(path));
  std::remove(path.c_str());
  EXPECT_EQ(s.size(), 3u);  // the data symbol is left out
  EXPECT_EQ(s.describe(0xffffffff80000104), "helper+0x4");
  EXPECT_EQ(s.describe(0xffffffff80000200), "start_kernel");
  EXPECT_EQ(s.describe(0x80000000), "");
  EXPECT_EQ(parse_address("start_kernel+0x10", s, "--x"), 0xffffffff80000210u);
  EXPECT_EQ(parse_address("0x1234", s, "--x"), 0x1234u);
  EXPECT_THROW(parse_address("nothing", s, "--x"), UserError);
}

TEST(Symbols, RefusesOtherFiles) {
  const std::string path = write_temp("hello world, this is not a map\n");
  Symbols s;
  EXPECT_THROW(s.add_file(path), UserError);
  std::remove(path.c_str());
}

using riscv::Priv;
using riscv::Triggers;
namespace csr = riscv::csr;
constexpr uint64_t kType2 = 2ull << 60, kType6 = 6ull << 60;

TEST(Triggers, ResetWarlAndMatching) {
  Triggers t;
  EXPECT_EQ(t.read(csr::kTdata1), kType2);
  EXPECT_FALSE(t.armed());
  // dmode (59), action 1 (12) and chain (11) are not kept; M, store and NAPOT (match 1) neither.
  t.write(csr::kTdata1, kType2 | (1ull << 59) | (1 << 12) | (1 << 11) | (1 << 7) | 0x40 | 0x2);
  EXPECT_EQ(t.read(csr::kTdata1), kType2 | 0x40 | 0x2);
  t.write(csr::kTdata2, 0x80001000);
  EXPECT_TRUE(t.data_armed());
  EXPECT_FALSE(t.execute_armed());
  EXPECT_TRUE(t.match(Triggers::Kind::kStore, 0x80000ffc, 8, Priv::M));  // covers the address
  EXPECT_FALSE(t.match(Triggers::Kind::kStore, 0x80000ffc, 4, Priv::M));
  EXPECT_FALSE(t.match(Triggers::Kind::kLoad, 0x80001000, 4, Priv::M));
  EXPECT_FALSE(t.match(Triggers::Kind::kStore, 0x80001000, 4, Priv::S));
  // A trap into M-mode clears mte: M-mode triggers stop matching until mret.
  t.on_trap_to_m();
  EXPECT_FALSE(t.match(Triggers::Kind::kStore, 0x80001000, 4, Priv::M));
  t.on_mret();
  EXPECT_TRUE(t.match(Triggers::Kind::kStore, 0x80001000, 4, Priv::M));
  // mcontrol6, below (match 3), execute in U.
  t.write(csr::kTselect, 3);
  t.write(csr::kTdata1, kType6 | (3 << 7) | 0x8 | 0x4);
  t.write(csr::kTdata2, 0x1000);
  EXPECT_TRUE(t.match(Triggers::Kind::kExecute, 0xffe, 0, Priv::U));
  EXPECT_FALSE(t.match(Triggers::Kind::kExecute, 0x1000, 0, Priv::U));
  t.write(csr::kTselect, 4);  // there are four
  EXPECT_EQ(t.read(csr::kTselect), 3u);
  t.write(csr::kTdata1, 3ull << 60);  // icount is not offered
  EXPECT_EQ(t.read(csr::kTdata1), 15ull << 60);
  EXPECT_FALSE(t.execute_armed());
}

}  // namespace
}  // namespace microvm
