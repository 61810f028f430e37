// The 16550 UART (as on QEMU virt): registers, DLAB, the interrupt identification with its
// THR-empty rules, received data from the Console, loopback.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "devices/uart16550.h"

namespace microvm::devices {
namespace {

enum : uint64_t { kRbrThr = 0, kIer = 1, kIirFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6, kScr = 7 };

class UartTest : public ::testing::Test {
 protected:
  UartTest() {
    EXPECT_EQ(pipe(out_), 0);
    console = std::make_unique<Console>(-1, out_[1]);
    uart = std::make_unique<Uart16550>(*console, IrqLine([this](bool level) {
      irq = level;
      ++signals;
    }));
  }
  ~UartTest() override {
    uart.reset();
    console.reset();
    close(out_[0]);
    close(out_[1]);
  }
  uint8_t read(uint64_t offset) {
    uint64_t value = 0;
    EXPECT_TRUE(uart->read(offset, 1, value));
    return static_cast<uint8_t>(value);
  }
  void write(uint64_t offset, uint8_t value) { EXPECT_TRUE(uart->write(offset, 1, value)); }
  std::string output(size_t n) {
    std::string s(n, '\0');
    EXPECT_EQ(::read(out_[0], s.data(), n), static_cast<ssize_t>(n));
    return s;
  }

  int out_[2] = {-1, -1};
  std::unique_ptr<Console> console;
  std::unique_ptr<Uart16550> uart;
  bool irq = false;
  int signals = 0;  // every IrqLine::set: the PLIC pends the source on each one that is high
};

TEST_F(UartTest, ResetState) {
  EXPECT_EQ(read(kIer), 0u);
  EXPECT_EQ(read(kIirFcr), 0x01u);
  EXPECT_EQ(read(kLcr), 0u);
  EXPECT_EQ(read(kLsr), 0x60u);  // THR empty, transmitter empty
  EXPECT_FALSE(irq);
}

TEST_F(UartTest, TransmittedBytesReachTheConsole) {
  write(kRbrThr, 'h');
  write(kRbrThr, 'i');
  EXPECT_EQ(output(2), "hi");
  EXPECT_EQ(read(kLsr) & 0x60, 0x60u);
}

TEST_F(UartTest, DlabSwitchesTheFirstTwoRegistersToTheDivisor) {
  write(kLcr, 0x83);
  write(kRbrThr, 0x0c);
  write(kIer, 0x01);
  EXPECT_EQ(read(kRbrThr), 0x0cu);
  EXPECT_EQ(read(kIer), 0x01u);
  write(kLcr, 0x03);
  EXPECT_EQ(read(kIer), 0u);  // IER itself was never written
  EXPECT_EQ(read(kLcr), 0x03u);
}

TEST_F(UartTest, DivisorWritesDoNotTransmit) {
  write(kLcr, 0x80);
  write(kRbrThr, 'x');
  write(kLcr, 0x00);
  write(kRbrThr, 'y');
  EXPECT_EQ(output(1), "y");
}

TEST_F(UartTest, EnablingThreInterruptRaisesItWhileThrIsEmpty) {
  write(kIer, 0x02);
  EXPECT_TRUE(irq);
  EXPECT_EQ(read(kIirFcr) & 0x0f, 0x02u);
}

TEST_F(UartTest, ReadingIirAcknowledgesThre) {
  write(kIer, 0x02);
  read(kIirFcr);
  EXPECT_FALSE(irq);
  EXPECT_EQ(read(kIirFcr) & 0x0f, 0x01u);
}

TEST_F(UartTest, WritingThrRaisesThreAgain) {
  write(kIer, 0x02);
  read(kIirFcr);
  write(kRbrThr, 'a');
  EXPECT_TRUE(irq);
  EXPECT_EQ(read(kIirFcr) & 0x0f, 0x02u);
  output(1);
}

// xv6's driver: THR written, interrupt taken, LSR polled, RBR never read with no data, IIR never
// read. As on QEMU, only the THR write signals the line; the LSR reads leave it alone, so the
// PLIC does not pend the still-asserted THRE interrupt again after the claim is completed.
TEST_F(UartTest, ThreStaysAssertedButOnlyTheThrWriteSignalsIt) {
  write(kIer, 0x03);
  signals = 0;
  write(kRbrThr, 'a');
  EXPECT_EQ(signals, 1);
  EXPECT_TRUE(irq);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(read(kLsr), 0x60u);
  read(kMsr);
  write(kScr, 1);
  write(kLcr, 0x03);
  EXPECT_EQ(signals, 1);
  EXPECT_TRUE(irq);
  write(kRbrThr, 'b');
  EXPECT_EQ(signals, 2);
  EXPECT_EQ(output(2), "ab");
}

TEST_F(UartTest, ReadingRbrAndNewInputSignalTheLine) {
  write(kIer, 0x03);
  console->push_input("q");
  signals = 0;
  uart->input_arrived();
  EXPECT_EQ(signals, 1);
  EXPECT_EQ(read(kRbrThr), 'q');
  EXPECT_EQ(signals, 2);
  EXPECT_TRUE(irq);  // THRE is still pending under the received byte
}

TEST_F(UartTest, DisablingThreInterruptLowersTheLine) {
  write(kIer, 0x02);
  write(kIer, 0x00);
  EXPECT_FALSE(irq);
}

TEST_F(UartTest, ReceivedByteSetsDataReadyAndIsReadOnce) {
  console->push_input("A");
  EXPECT_EQ(read(kLsr) & 0x01, 0x01u);
  EXPECT_EQ(read(kRbrThr), 'A');
  EXPECT_EQ(read(kLsr) & 0x01, 0u);
  EXPECT_EQ(read(kRbrThr), 0u);
}

TEST_F(UartTest, ReceiveInterruptWhileDataWaits) {
  write(kIer, 0x01);
  EXPECT_FALSE(irq);
  console->push_input("xy");
  uart->input_arrived();
  EXPECT_TRUE(irq);
  EXPECT_EQ(read(kIirFcr) & 0x0f, 0x04u);
  read(kRbrThr);
  EXPECT_TRUE(irq);
  read(kRbrThr);
  EXPECT_FALSE(irq);
}

TEST_F(UartTest, ReceivedDataOutranksThre) {
  write(kIer, 0x03);
  console->push_input("z");
  EXPECT_EQ(read(kIirFcr) & 0x0f, 0x04u);
  read(kRbrThr);
  EXPECT_EQ(read(kIirFcr) & 0x0f, 0x02u);
}

TEST_F(UartTest, FifoEnableShowsInIir) {
  write(kIirFcr, 0x01);
  EXPECT_EQ(read(kIirFcr), 0xc1u);
}

TEST_F(UartTest, LoopbackSendsThrToRbrAndNotToTheConsole) {
  write(kMcr, 0x10);
  write(kRbrThr, 'q');
  EXPECT_EQ(read(kLsr) & 0x01, 0x01u);
  EXPECT_EQ(read(kRbrThr), 'q');
  write(kMcr, 0x00);
  write(kRbrThr, 'r');
  EXPECT_EQ(output(1), "r");
}

TEST_F(UartTest, LoopbackWiresModemControlToStatus) {
  write(kMcr, 0x10 | 0x0f);
  EXPECT_EQ(read(kMsr) & 0xf0, 0xf0u);
  write(kMcr, 0x10 | 0x02);  // RTS -> CTS
  EXPECT_EQ(read(kMsr) & 0xf0, 0x10u);
}

TEST_F(UartTest, ScratchRegisterKeepsItsValue) {
  write(kScr, 0xa5);
  EXPECT_EQ(read(kScr), 0xa5u);
}

TEST_F(UartTest, WideWritesGoToConsecutiveRegisters) {
  // As on QEMU: a 32-bit store of 'A' at THR writes THR, then IER, FCR and LCR with zeros.
  write(kLcr, 0x03);
  write(kIer, 0x01);
  EXPECT_TRUE(uart->write(kRbrThr, 4, 'A'));
  EXPECT_EQ(output(1), "A");
  EXPECT_EQ(read(kIer), 0u);
  EXPECT_EQ(read(kLcr), 0u);
}

TEST_F(UartTest, WideReadsCombineConsecutiveRegisters) {
  write(kScr, 0x5a);
  uint64_t value = 0;
  EXPECT_TRUE(uart->read(kMcr, 4, value));
  EXPECT_EQ(value, 0x5ab06000u);  // SCR, MSR (cable present), LSR (THR empty), MCR
}

TEST_F(UartTest, BytesPastTheRegistersReadZeroAndIgnoreWrites) {
  uint64_t value = 1;
  EXPECT_TRUE(uart->read(8, 1, value));
  EXPECT_EQ(value, 0u);
  EXPECT_TRUE(uart->write(0x10, 4, ~0u));
  EXPECT_EQ(read(kLcr), 0u);
}

}  // namespace
}  // namespace microvm::devices
