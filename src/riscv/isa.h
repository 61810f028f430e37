// Architectural constants from the RISC-V privileged specification (v1.12): CSR numbers,
// status bits, interrupt and exception causes. Names follow the specification.
#pragma once

#include <cstdint>

namespace microvm::riscv {

enum class Priv : uint8_t { U = 0, S = 1, M = 3 };

// Exception causes (mcause with the interrupt bit clear), privileged spec table 3.6.
enum class Exception : uint64_t {
  kInsnMisaligned = 0,
  kInsnAccessFault = 1,
  kIllegalInsn = 2,
  kBreakpoint = 3,
  kLoadMisaligned = 4,
  kLoadAccessFault = 5,
  kStoreMisaligned = 6,
  kStoreAccessFault = 7,
  kEcallFromU = 8,
  kEcallFromS = 9,
  kEcallFromM = 11,
  kInsnPageFault = 12,
  kLoadPageFault = 13,
  kStorePageFault = 15,
};

// Interrupt numbers: bit positions in mip/mie and the mcause code with bit 63 set.
namespace irq {
constexpr unsigned kSSI = 1, kMSI = 3, kSTI = 5, kMTI = 7, kSEI = 9, kMEI = 11;
constexpr unsigned kLCOFI = 13;  // Sscofpmf: a counter overflowed
}  // namespace irq
constexpr uint64_t kInterruptBit = 1ull << 63;

namespace mip_bits {
constexpr uint64_t kSSIP = 1ull << irq::kSSI, kMSIP = 1ull << irq::kMSI, kSTIP = 1ull << irq::kSTI,
                   kMTIP = 1ull << irq::kMTI, kSEIP = 1ull << irq::kSEI, kMEIP = 1ull << irq::kMEI;
constexpr uint64_t kLCOFIP = 1ull << irq::kLCOFI;
constexpr uint64_t kSupervisor = kSSIP | kSTIP | kSEIP | kLCOFIP;
constexpr uint64_t kAll = kSupervisor | kMSIP | kMTIP | kMEIP;
}  // namespace mip_bits

namespace mstatus_bits {
constexpr uint64_t kSIE = 1ull << 1, kMIE = 1ull << 3, kSPIE = 1ull << 5, kUBE = 1ull << 6, kMPIE = 1ull << 7,
                   kSPP = 1ull << 8, kVS = 3ull << 9, kMPP = 3ull << 11, kFS = 3ull << 13, kXS = 3ull << 15,
                   kMPRV = 1ull << 17, kSUM = 1ull << 18, kMXR = 1ull << 19, kTVM = 1ull << 20,
                   kTW = 1ull << 21, kTSR = 1ull << 22, kUXL = 3ull << 32, kSXL = 3ull << 34,
                   kSBE = 1ull << 36, kMBE = 1ull << 37, kSD = 1ull << 63;
constexpr unsigned kMPPShift = 11, kFSShift = 13;
constexpr uint64_t kXlen64 = 2;  // UXL/SXL value for 64-bit
// The fields sstatus shows of mstatus.
constexpr uint64_t kSstatusMask = kSIE | kSPIE | kUBE | kSPP | kVS | kFS | kXS | kSUM | kMXR | kUXL | kSD;
}  // namespace mstatus_bits

namespace menvcfg_bits {
constexpr uint64_t kFIOM = 1ull << 0, kCBIE = 3ull << 4, kCBCFE = 1ull << 6, kCBZE = 1ull << 7,
                   kADUE = 1ull << 61, kPBMTE = 1ull << 62, kSTCE = 1ull << 63;
}  // namespace menvcfg_bits

// Page-table entry bits (Sv39/48/57).
namespace pte_bits {
constexpr uint64_t kV = 1, kR = 2, kW = 4, kX = 8, kU = 16, kG = 32, kA = 64, kD = 128;
constexpr unsigned kPpnShift = 10;
constexpr uint64_t kPpnMask = (1ull << 44) - 1;
constexpr uint64_t kPbmt = 3ull << 61, kN = 1ull << 63;
constexpr uint64_t kReserved = 0x7full << 54;
}  // namespace pte_bits

namespace csr {
// Unprivileged floating-point and counters.
constexpr uint16_t kFflags = 0x001, kFrm = 0x002, kFcsr = 0x003;
constexpr uint16_t kCycle = 0xC00, kTime = 0xC01, kInstret = 0xC02, kHpmcounter3 = 0xC03,
                   kHpmcounter31 = 0xC1F;
// Supervisor.
constexpr uint16_t kSstatus = 0x100, kSie = 0x104, kStvec = 0x105, kScounteren = 0x106, kSenvcfg = 0x10A,
                   kSscratch = 0x140, kSepc = 0x141, kScause = 0x142, kStval = 0x143, kSip = 0x144,
                   kStimecmp = 0x14D, kSatp = 0x180, kScountovf = 0xDA0;
// Machine.
constexpr uint16_t kMvendorid = 0xF11, kMarchid = 0xF12, kMimpid = 0xF13, kMhartid = 0xF14,
                   kMconfigptr = 0xF15;
constexpr uint16_t kMstatus = 0x300, kMisa = 0x301, kMedeleg = 0x302, kMideleg = 0x303, kMie = 0x304,
                   kMtvec = 0x305, kMcounteren = 0x306, kMenvcfg = 0x30A, kMcountinhibit = 0x320,
                   kMhpmevent3 = 0x323, kMhpmevent31 = 0x33F, kMscratch = 0x340, kMepc = 0x341,
                   kMcause = 0x342, kMtval = 0x343, kMip = 0x344, kPmpcfg0 = 0x3A0, kPmpcfg15 = 0x3AF,
                   kPmpaddr0 = 0x3B0, kPmpaddr63 = 0x3EF, kMcycle = 0xB00, kMinstret = 0xB02,
                   kMhpmcounter3 = 0xB03, kMhpmcounter31 = 0xB1F;
}  // namespace csr

// Zihpm/Sscofpmf: mhpmevent3..31 (Sscofpmf spec, "mhpmevent"). The event selector's values are
// microvm's own (the privileged spec leaves them to the platform): 1 counts cycles, 2 retired
// instructions; as microvm's mcycle is its instret, both count retired instructions.
namespace hpm {
constexpr unsigned kCounters = 29;  // mhpmcounter3..31
constexpr uint64_t kEventSelector = (1ull << 56) - 1;
constexpr uint64_t kOF = 1ull << 63, kMINH = 1ull << 62, kSINH = 1ull << 61, kUINH = 1ull << 60;
constexpr uint64_t kEventCycles = 1, kEventInstructions = 2;
}  // namespace hpm

namespace satp_bits {
constexpr uint64_t kModeBare = 0, kModeSv39 = 8, kModeSv48 = 9, kModeSv57 = 10;
constexpr unsigned kModeShift = 60, kAsidShift = 44;
constexpr uint64_t kPpnMask = (1ull << 44) - 1, kAsidMask = 0xFFFF;
}  // namespace satp_bits

}  // namespace microvm::riscv
