// A whole virt machine through a snapshot: saving a restored machine gives the same bytes again,
// and payloads damaged behind valid checksums (a forged or buggy file) end in one UserError or a
// consistent machine, never a crash.
#include "riscv/virt_snapshot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <random>

#include "core/error.h"
#include "devices/uart16550.h"

namespace microvm::riscv {
namespace {

class VirtSnapshotTest : public ::testing::Test {
 protected:
  VirtSnapshotTest() {
    EXPECT_EQ(pipe(out_), 0);
    console = std::make_unique<Console>(-1, out_[1]);
    config.memory_mib = 16;
    config.harts = 2;
    config.deterministic = true;
  }
  ~VirtSnapshotTest() override {
    console.reset();
    close(out_[0]);
    close(out_[1]);
  }

  // A machine booted on the built-in SBI with a kernel that spins, then changed in ways a guest
  // could have changed it.
  std::unique_ptr<VirtBoard> booted() {
    auto board = std::make_unique<VirtBoard>(config, *console);
    static const uint8_t kSpin[] = {0x6f, 0x00, 0x00, 0x00};  // j .
    BootSpec spec;
    spec.kernel = kSpin;
    spec.kernel_name = "spin";
    spec.firmware = FirmwareKind::kBuiltin;
    spec.cmdline = "console=ttyS0";
    board->boot(spec);
    board->hart(0).x[5] = 0x1234'5678'9ABC'DEF0;
    board->hart(0).f[3] = 0x4000'0000'0000'0000;
    board->hart(1).csr.sscratch = 77;
    board->bus().write(virt_map::kUart + 7, 1, 0x5A);            // UART scratch register
    board->bus().write(virt_map::kPlic + 4 * 10, 4, 5);          // priority of source 10
    board->bus().write(virt_map::kClint + 0x4008, 8, 0xABCDEF);  // hart 1's mtimecmp
    const uint64_t data = 0xFEEDFACE;
    board->ram().write(virt_map::kDram + 0x40'0000, &data, 8);
    return board;
  }

  int out_[2] = {-1, -1};
  std::unique_ptr<Console> console;
  VirtConfig config;
};

TEST_F(VirtSnapshotTest, ARestoredMachineSavesTheSameBytes) {
  auto original = booted();
  const std::vector<uint8_t> first = original->save_snapshot().serialize();
  const Snapshot parsed = Snapshot::parse(first, "first");
  EXPECT_EQ(config_from_snapshot(read_machine(parsed)).harts, 2u);

  VirtBoard restored(config, *console);
  restored.load_snapshot(parsed);
  EXPECT_EQ(restored.hart(0).x[5], 0x1234'5678'9ABC'DEF0u);
  EXPECT_EQ(restored.hart(0).f[3], 0x4000'0000'0000'0000u);
  EXPECT_EQ(restored.hart(1).csr.sscratch, 77u);
  EXPECT_EQ(restored.hart(0).priv, Priv::M);  // the start request is still pending
  uint64_t value = 0;
  EXPECT_TRUE(restored.bus().read(virt_map::kUart + 7, 1, value));
  EXPECT_EQ(value, 0x5Au);
  EXPECT_TRUE(restored.bus().read(virt_map::kPlic + 4 * 10, 4, value));
  EXPECT_EQ(value, 5u);
  EXPECT_TRUE(restored.bus().read(virt_map::kClint + 0x4008, 8, value));
  EXPECT_EQ(value, 0xABCDEFu);
  EXPECT_TRUE(restored.ram().read(virt_map::kDram + 0x40'0000, &value, 8));
  EXPECT_EQ(value, 0xFEEDFACEu);
  EXPECT_EQ(restored.save_snapshot().serialize(), first);
}

// The vector state is its own section, VLEN first: a machine is rebuilt with the VLEN it had.
TEST_F(VirtSnapshotTest, VectorStateAndVlenComeBack) {
  config.isa.set_vlen(256);
  auto original = booted();
  Hart& hart = original->hart(1);
  hart.vec.reg[31 * 32 + 5] = 0xA5;  // v31, byte 5 (VLENB = 32)
  hart.vec.vtype = 0x52;             // e32, mf2... as vsetvli would leave it
  hart.vec.vl = 3;
  hart.vec.vstart = 2;
  hart.vec.vxrm = 3;
  hart.vec.vxsat = 1;
  const std::vector<uint8_t> bytes = original->save_snapshot().serialize();
  const Snapshot parsed = Snapshot::parse(bytes, "v");
  EXPECT_TRUE(parsed.has("vector.1"));
  const VirtConfig restored_config = config_from_snapshot(read_machine(parsed));
  EXPECT_EQ(restored_config.isa.vlen(), 256u);
  VirtBoard restored(restored_config, *console);
  restored.load_snapshot(parsed);
  const VectorState& v = restored.hart(1).vec;
  EXPECT_EQ(v.vlenb, 32u);
  EXPECT_EQ(v.reg[31 * 32 + 5], 0xA5);
  EXPECT_EQ(v.vtype, 0x52u);
  EXPECT_EQ(v.vl, 3u);
  EXPECT_EQ(v.vstart, 2u);
  EXPECT_EQ(v.vxrm, 3u);
  EXPECT_EQ(v.vxsat, 1u);
  EXPECT_EQ(restored.save_snapshot().serialize(), bytes);

  // Without V there is no vector section.
  config.isa.set(Ext::kV, false);
  EXPECT_FALSE(Snapshot::parse(booted()->save_snapshot().serialize(), "no-v").has("vector.0"));
}

TEST_F(VirtSnapshotTest, AnotherMachineIsRefused) {
  auto original = booted();
  const Snapshot snapshot = Snapshot::parse(original->save_snapshot().serialize(), "s.snap");
  config.harts = 1;
  VirtBoard other(config, *console);
  try {
    other.load_snapshot(snapshot);
    FAIL() << "a 2-hart snapshot loaded into a 1-hart machine";
  } catch (const UserError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "s.snap: not a usable snapshot: section 'machine': the number of harts is 2, but this machine has 1");
  }
}

TEST_F(VirtSnapshotTest, DamagedPayloadsNeverCrash) {
  auto original = booted();
  const Snapshot good = original->save_snapshot();
  std::mt19937_64 random(2024);
  int errors = 0, loaded = 0;
  for (int round = 0; round < 300; ++round) {
    // Damage one section other than RAM (RamSnapshotTest covers it, and it is slow to reload).
    Snapshot bad;
    const size_t target = random() % (good.sections().size() - 1);
    for (size_t i = 0; i < good.sections().size(); ++i) {
      const Snapshot::Section& s = good.sections()[i];
      SnapshotWriter w;
      w.data() = s.payload;
      if (i == target && !w.data().empty()) {
        std::vector<uint8_t>& p = w.data();
        switch (round % 3) {
          case 0: p.resize(random() % p.size()); break;
          case 1: p[random() % p.size()] ^= static_cast<uint8_t>(1u << (random() % 8)); break;
          default:
            for (int k = 0; k < 4; ++k) p[random() % p.size()] = static_cast<uint8_t>(random());
            break;
        }
      }
      bad.add(s.tag, std::move(w));
    }
    const Snapshot parsed = Snapshot::parse(bad.serialize(), "bad.snap");
    try {
      VirtBoard board(config, *console);
      board.load_snapshot(parsed);
      ++loaded;
    } catch (const UserError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("bad.snap: ", 0), 0u) << e.what();
      ++errors;
    }
  }
  // Truncations and most flips are caught; a flip in a register's value is a valid machine.
  EXPECT_GT(errors, 100) << loaded << " loaded";
  EXPECT_GT(loaded, 10) << errors << " errors";
}

}  // namespace
}  // namespace microvm::riscv
