// The virtio-input keyboard and tablet behind the transport, driven like a guest would, and the
// monitor's key names.
#include "devices/virtio/virtio_input.h"

#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include <stdexcept>

#include "devices/virtio/input_keys.h"
#include "unit/virtio_driver.h"

namespace microvm::devices {
namespace {

using testing::VirtioDriver;
constexpr uint64_t kBase = 0x8000'0000, kRamSize = 8 << 20;
constexpr uint64_t kVersion1 = virtio::bit(virtio::kFeatureVersion1);

struct Keyboard {
  Ram ram{kBase, kRamSize};
  VirtioInput* model = nullptr;
  VirtioMmio dev;
  VirtioDriver driver{ram, dev};

  explicit Keyboard(bool deterministic = false, VirtioInput::Kind kind = VirtioInput::Kind::kKeyboard)
      : dev(ram, 0x1000'5000, IrqLine(), make(kind, deterministic), false) {}
  std::unique_ptr<VirtioInput> make(VirtioInput::Kind kind, bool deterministic) {
    auto m = std::make_unique<VirtioInput>(kind, deterministic);
    model = m.get();
    return m;
  }
  uint8_t config(unsigned offset) {
    uint64_t v = 0;
    dev.read(VirtioMmio::kConfig + offset, 1, v);
    return static_cast<uint8_t>(v);
  }
  unsigned select(uint8_t sel, uint8_t subsel) {
    dev.write(VirtioMmio::kConfig, 1, sel);
    dev.write(VirtioMmio::kConfig + 1, 1, subsel);
    return config(2);
  }
  void start() {
    ASSERT_TRUE(driver.negotiate(kVersion1));
    driver.setup_queue(0, 8);
    driver.setup_queue(1, 8);
    driver.driver_ok();
  }
  // Posts one 8-byte buffer and returns the event written there, if any.
  std::optional<VirtioInput::Event> next_event() {
    const uint64_t a = driver.alloc(8);
    driver.submit(0, {{a, 8, true}});
    const auto used = driver.take_used(0);
    if (!used) return std::nullopt;
    EXPECT_EQ(used->len, 8u);
    const std::string b = driver.get(a, 8);
    auto byte = [&](int i) { return static_cast<uint32_t>(static_cast<uint8_t>(b[i])); };
    return VirtioInput::Event{static_cast<uint16_t>(byte(0) | byte(1) << 8),
                              static_cast<uint16_t>(byte(2) | byte(3) << 8),
                              byte(4) | byte(5) << 8 | byte(6) << 16 | byte(7) << 24};
  }
};

TEST(VirtioInput, ConfigurationAnswersAsQemusKeyboard) {
  Keyboard k;
  EXPECT_EQ(k.driver.reg(VirtioMmio::kDeviceId), 18u);
  EXPECT_EQ(k.select(VirtioInput::kIdName, 0), 21u);
  std::string name;
  for (unsigned i = 0; i < 20; ++i) name += static_cast<char>(k.config(8 + i));
  EXPECT_EQ(name, "QEMU Virtio Keyboard");
  EXPECT_EQ(k.config(8 + 20), 0);
  EXPECT_EQ(k.select(VirtioInput::kIdDevids, 0), 8u);
  EXPECT_EQ(k.config(8), 0x06);  // BUS_VIRTUAL
  EXPECT_EQ(k.config(10) | k.config(11) << 8, 0x0627);
  EXPECT_EQ(k.select(VirtioInput::kEvBits, EV_KEY), 16u);  // KEY_COMPOSE (127) is the highest
  EXPECT_EQ(k.config(8 + KEY_A / 8) >> (KEY_A % 8) & 1, 1);
  EXPECT_EQ(k.config(8 + KEY_LEFTCTRL / 8) >> (KEY_LEFTCTRL % 8) & 1, 1);
  EXPECT_EQ(k.config(8 + 0) & 1, 0);  // KEY_RESERVED
  EXPECT_EQ(k.select(VirtioInput::kEvBits, EV_LED), 1u);
  EXPECT_EQ(k.config(8), 0x07);  // num, caps and scroll lock
  EXPECT_EQ(k.select(VirtioInput::kEvBits, EV_REP), 1u);
  EXPECT_EQ(k.config(8), 0);
  EXPECT_EQ(k.select(VirtioInput::kEvBits, EV_ABS), 0u);
  EXPECT_EQ(k.select(VirtioInput::kIdSerial, 0), 0u);
  EXPECT_EQ(k.select(VirtioInput::kIdName, 1), 0u);  // only subsel 0 names the device
  EXPECT_EQ(k.config(8), 0);
  // The union is read-only: a write there is undone.
  k.select(VirtioInput::kIdName, 0);
  k.dev.write(VirtioMmio::kConfig + 8, 1, 'X');
  EXPECT_EQ(k.config(8), 'Q');
}

// Keys sent while the driver has no buffers posted arrive with its next buffers; a reset (a driver
// starting over) forgets them.
TEST(VirtioInput, KeysWaitForBuffers) {
  Keyboard k;
  k.model->key(KEY_Z, true);
  EXPECT_FALSE(k.model->driver_ready());
  k.start();  // resets the device first
  EXPECT_TRUE(k.model->driver_ready());
  k.model->key(KEY_A, true);
  k.model->key(KEY_A, false);
  k.model->key(KEY_RESERVED, true);  // not announced: ignored
  const VirtioInput::Event expected[] = {
      {EV_KEY, KEY_A, 1}, {EV_SYN, SYN_REPORT, 0}, {EV_KEY, KEY_A, 0}, {EV_SYN, SYN_REPORT, 0}};
  for (const auto& e : expected) {
    const auto got = k.next_event();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->type, e.type);
    EXPECT_EQ(got->code, e.code);
    EXPECT_EQ(got->value, e.value);
  }
  EXPECT_FALSE(k.next_event());
  // The status queue (LEDs) is drained.
  const uint64_t led = k.driver.alloc(8);
  k.driver.submit(1, {{led, 8, false}});
  EXPECT_TRUE(k.driver.take_used(1));
}

TEST(VirtioInput, DeterministicKeysWaitForLetIn) {
  Keyboard k(true);
  k.start();
  k.model->key(KEY_Q, true);
  EXPECT_FALSE(k.next_event());
  k.model->let_in();
  const auto got = k.driver.take_used(0);  // the buffer posted above is filled now
  ASSERT_TRUE(got);
  const auto syn = k.next_event();
  ASSERT_TRUE(syn);
  EXPECT_EQ(syn->type, EV_SYN);
}

TEST(VirtioInput, PendingEventsAreBoundedAndSnapshotted) {
  Keyboard k;
  k.start();
  for (unsigned i = 0; i < 2 * VirtioInput::kMaxPending; ++i) k.model->key(KEY_B, i % 2 == 0);
  SnapshotWriter out;
  k.model->save(out);
  Keyboard restored;
  restored.start();
  SnapshotReader in("f", "virtio.4", out.data());
  restored.model->load(in);
  unsigned n = 0;
  while (restored.next_event()) ++n;
  EXPECT_EQ(n, VirtioInput::kMaxPending);
}

void expect_events(Keyboard& k, std::initializer_list<VirtioInput::Event> expected) {
  for (const auto& e : expected) {
    const auto got = k.next_event();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->type, e.type);
    EXPECT_EQ(got->code, e.code);
    EXPECT_EQ(got->value, e.value);
  }
  EXPECT_FALSE(k.next_event());
}

// What QEMU 7.2's virtio-tablet-device says (tests/e2e/test_tablet.py compares the two).
TEST(VirtioInput, TabletConfigurationAnswersAsQemus) {
  Keyboard t(false, VirtioInput::Kind::kTablet);
  EXPECT_EQ(t.select(VirtioInput::kIdName, 0), 19u);
  EXPECT_EQ(t.config(8 + 12), 'T');
  EXPECT_EQ(t.select(VirtioInput::kIdDevids, 0), 8u);
  EXPECT_EQ(t.config(12) | t.config(13) << 8, 0x0003);  // product
  EXPECT_EQ(t.config(14) | t.config(15) << 8, 0x0002);  // version
  EXPECT_EQ(t.select(VirtioInput::kEvBits, EV_KEY), BTN_GEAR_UP / 8 + 1);
  EXPECT_EQ(t.config(8 + BTN_LEFT / 8), 0x1F);  // BTN_LEFT, RIGHT, MIDDLE, SIDE, EXTRA
  EXPECT_EQ(t.config(8 + KEY_A / 8), 0);
  EXPECT_EQ(t.select(VirtioInput::kEvBits, EV_REL), 2u);
  EXPECT_EQ(t.config(9), 1);  // REL_WHEEL
  EXPECT_EQ(t.select(VirtioInput::kEvBits, EV_ABS), 1u);
  EXPECT_EQ(t.config(8), 3);  // ABS_X, ABS_Y
  EXPECT_EQ(t.select(VirtioInput::kEvBits, EV_LED), 0u);
  EXPECT_EQ(t.select(VirtioInput::kEvBits, EV_REP), 0u);
  EXPECT_EQ(t.select(VirtioInput::kAbsInfo, ABS_Y), 20u);
  EXPECT_EQ(t.config(8) | t.config(9) << 8 | t.config(10) << 16 | t.config(11) << 24, 0u);
  EXPECT_EQ(t.config(12) | t.config(13) << 8 | t.config(14) << 16 | t.config(15) << 24, 32767u);
  EXPECT_EQ(t.select(VirtioInput::kAbsInfo, ABS_Z), 0u);
}

TEST(VirtioInput, TabletReports) {
  Keyboard t(false, VirtioInput::Kind::kTablet);
  t.start();
  t.model->move(VirtioInput::axis(400, 800), VirtioInput::axis(599, 600));
  t.model->wheel(-2);
  t.model->wheel(0);  // nothing
  const VirtioInput::Event press[] = {{EV_KEY, BTN_LEFT, 1}, {EV_KEY, BTN_RIGHT, 1}, {EV_KEY, KEY_A, 1}};
  t.model->send(press);       // KEY_A: not a tablet's, left out
  t.model->key(KEY_A, true);  // a tablet has no keys: nothing
  const VirtioInput::Event off_axis[] = {{EV_ABS, ABS_X, VirtioInput::kAbsMax + 1}};
  t.model->send(off_axis);  // past the axis' end: nothing
  expect_events(t, {{EV_ABS, ABS_X, 16383},
                    {EV_ABS, ABS_Y, 32712},
                    {EV_SYN, SYN_REPORT, 0},
                    {EV_REL, REL_WHEEL, static_cast<uint32_t>(-2)},
                    {EV_SYN, SYN_REPORT, 0},
                    {EV_KEY, BTN_LEFT, 1},
                    {EV_KEY, BTN_RIGHT, 1},
                    {EV_SYN, SYN_REPORT, 0}});
}

// In a deterministic run a report waits for let_in and goes in whole.
TEST(VirtioInput, DeterministicReportsGoInWhole) {
  Keyboard t(true, VirtioInput::Kind::kTablet);
  t.start();
  t.model->move(1, 2);
  t.model->wheel(1);
  EXPECT_FALSE(t.next_event());
  t.model->let_in();
  ASSERT_TRUE(t.driver.take_used(0));  // the buffer posted above: ABS_X
  expect_events(
      t, {{EV_ABS, ABS_Y, 2}, {EV_SYN, SYN_REPORT, 0}, {EV_REL, REL_WHEEL, 1}, {EV_SYN, SYN_REPORT, 0}});
}

TEST(InputKeys, QemuNamesAndCombos) {
  EXPECT_EQ(key_code("ret"), KEY_ENTER);
  EXPECT_EQ(key_code("kp_enter"), KEY_KPENTER);
  EXPECT_FALSE(key_code("nosuchkey"));
  EXPECT_EQ(parse_key_combo("ctrl-alt-delete"),
            (std::vector<uint16_t>{KEY_LEFTCTRL, KEY_LEFTALT, KEY_DELETE}));
  EXPECT_EQ(parse_key_combo("a"), (std::vector<uint16_t>{KEY_A}));
  EXPECT_THROW(parse_key_combo("ctrl-"), std::invalid_argument);
  EXPECT_THROW(parse_key_combo("ctrl-nosuchkey"), std::invalid_argument);
}

}  // namespace
}  // namespace microvm::devices
