// Devices describe their own device-tree nodes: the interrupt a node names is the number of the
// line the device was handed, and the PLIC lists its contexts as the board numbered them.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/console.h"
#include "core/run_control.h"
#include "devices/clint.h"
#include "devices/plic.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"

namespace microvm::devices {
namespace {

TEST(DeviceNode, UartNamesTheSourceItsLineGoesTo) {
  Plic plic(2);
  Console console(-1, -1);
  Uart16550 uart(console, plic.source_line(10));
  const DeviceNode node = uart.device_node();
  EXPECT_EQ(node.name, "serial");
  EXPECT_EQ(node.size, Uart16550::kSize);
  EXPECT_EQ(node.irq, 10u);
  EXPECT_EQ(node.compatible, std::vector<std::string>{"ns16550a"});
}

TEST(DeviceNode, PlicListsItsContextsAsNumbered) {
  Plic plic(4);
  for (unsigned c = 0; c < 4; ++c) plic.connect_context(c, IrqLine([](bool) {}, c % 2 ? 9 : 11));
  const DeviceNode node = plic.device_node();
  EXPECT_TRUE(node.interrupt_controller);
  EXPECT_EQ(node.hart_irqs, (std::vector<uint32_t>{11, 9, 11, 9}));
  EXPECT_EQ(node.irq, 0u);
}

TEST(DeviceNode, ClintDrivesSoftwareAndTimerOfEachHart) {
  Clock clock(10'000'000);
  Clint clint(clock, 3);
  EXPECT_EQ(clint.device_node().hart_irqs, (std::vector<uint32_t>{3, 7, 3, 7, 3, 7}));
}

TEST(DeviceNode, SysconOffersPowerOffAndReboot) {
  RunControl run_control;
  Syscon syscon(run_control);
  const DeviceNode node = syscon.device_node();
  ASSERT_EQ(node.syscon_actions.size(), 2u);
  EXPECT_EQ(node.syscon_actions[0].compatible, "syscon-poweroff");
  EXPECT_EQ(node.syscon_actions[0].value, 0x5555u);
  EXPECT_EQ(node.syscon_actions[1].compatible, "syscon-reboot");
  EXPECT_EQ(node.syscon_actions[1].value, 0x7777u);
}

}  // namespace
}  // namespace microvm::devices
