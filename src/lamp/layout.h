// The lamp machine's fixed memory map and constants (spec §2, "SYSINFO-v2 era").
#pragma once

#include <cstdint>

namespace microvm::lamp {

constexpr uint32_t kRamSize = 0x04000000;  // 64 MiB
constexpr uint32_t kPageSize = 4096;
constexpr unsigned kMaxCores = 64;

constexpr uint32_t kIvtBase = 0x0000;
constexpr unsigned kVectors = 256;
constexpr uint32_t kLegacyStackBase = 0x0800;  // call 0x800, data 0x1000, ISR 0x1400 (spec §2.1)
constexpr uint32_t kStackSlots = 256;          // csp/dsp/isp start here and count down
constexpr uint32_t kCallStackOffset = 0;
constexpr uint32_t kDataStackOffset = 2048;
constexpr uint32_t kIsrStackOffset = 3072;
constexpr uint32_t kCoreStackBytes = 5120;
constexpr uint32_t kPoolSlotBytes = 5120 + 4096;  // per-core stacks + the reserved "task C stack"
constexpr unsigned kPoolMinSlots = 64;

constexpr uint32_t kTimeBase = 0x2000;
constexpr uint32_t kTimeSize = 28;  // the original registered 24; see docs/lamp.md
constexpr uint32_t kDefaultTextBase = kTimeBase + 28;

constexpr uint32_t kFbWidth = 640;
constexpr uint32_t kFbHeight = 480;
constexpr uint32_t kFbStride = kFbWidth * 4;
constexpr uint32_t kFbSize = kFbStride * kFbHeight;  // 0x12C000
constexpr uint32_t kFbBase = kRamSize;
constexpr uint32_t kFbAliasBase = 0x00620000;

constexpr uint32_t kSysinfoBase = 0x0074C000;
constexpr uint32_t kSysinfoSize = 0x5C;
constexpr uint32_t kIntcBase = 0x0074D000;
constexpr uint32_t kIntcSize = 0x504;
constexpr uint32_t kIommuBase = 0x0074E000;
constexpr uint32_t kIommuSize = 0x100;
constexpr uint32_t kMmuBase = 0x0074F000;
constexpr uint32_t kMmuSize = 0x100;
constexpr unsigned kMmuCores = 32;  // the MMU register file has 32 per-core banks

// Interrupt vectors (spec §4).
constexpr unsigned kVecKeyboard = 0;
constexpr unsigned kVecDivideByZero = 1;
constexpr unsigned kVecDisk = 2;
constexpr unsigned kVecSerial = 3;
constexpr unsigned kVecTimer = 4;

// Flags word (spec §1.1).
constexpr uint32_t kCF = 0x01;
constexpr uint32_t kZF = 0x08;
constexpr uint32_t kSF = 0x10;
constexpr uint32_t kOF = 0x20;

}  // namespace microvm::lamp
