// Guest instruction streams on the virt board: a prelude (written here as machine code) sets up
// PMP, trap handlers that step over the trapping instruction, delegation, page tables (bare, Sv39,
// Sv48 or Sv57, gigapages over the devices and RAM) and the registers, then mrets into the fuzzed
// code in M-, S- or U-mode, on one hart or two. Only the board's and the hart's public interface is
// used. Nothing the code does may crash the host; the instruction limit ends every run. Where
// there is a translator, it runs in audit mode: each translated block is run again by the
// interpreter and compared (the differential check), and a difference aborts, as a crash would.
//
// Input: byte 0 = mode (bits 0-1: U, S, M, S), satp mode (bits 2-3: bare, Sv39, Sv48, Sv57),
// delegate to S (bit 4), SUM+MXR (bit 5), interrupts on (bit 6), U bit of the PTEs inverted (bit 7);
// byte 1 = two harts (bit 0), PTE flag bits to toggle (the rest); then the code.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/console.h"
#include "core/error.h"
#include "fuzz_input.h"
#include "riscv/virt_board.h"

namespace {

using microvm::fuzz::FuzzInput;

constexpr uint64_t kBase = 0x8000'0000;
constexpr uint32_t kMHandler = 0x300, kSHandler = 0x380, kCsrValues = 0x400, kRegValues = 0x500,
                   kTables = 0x1000, kCode = 0x4000, kMaxCode = 0x2000;
constexpr uint32_t kT0 = 5, kT1 = 6, kT6 = 31;

uint32_t ld(uint32_t rd, uint32_t offset, uint32_t rs1) {
  return offset << 20 | rs1 << 15 | 3 << 12 | rd << 7 | 0x03;
}
uint32_t csrw(uint32_t csr, uint32_t rs1) { return csr << 20 | rs1 << 15 | 1 << 12 | 0x73; }
uint32_t csrr(uint32_t rd, uint32_t csr) { return csr << 20 | 2 << 12 | rd << 7 | 0x73; }
uint32_t addi(uint32_t rd, uint32_t rs1, uint32_t imm) { return imm << 20 | rs1 << 15 | rd << 7 | 0x13; }
constexpr uint32_t kAuipcT0 = 0x00000297, kSfenceVma = 0x12000073, kMret = 0x30200073, kSret = 0x10200073;

void put32(std::vector<uint8_t>& image, uint32_t offset, uint32_t value) {
  std::memcpy(&image[offset], &value, 4);
}
void put64(std::vector<uint8_t>& image, uint32_t offset, uint64_t value) {
  std::memcpy(&image[offset], &value, 8);
}

// A trap handler that returns past the trapping instruction, keeping the privilege it came from.
void handler(std::vector<uint8_t>& image, uint32_t at, uint32_t scratch, uint32_t epc, uint32_t ret) {
  const uint32_t code[] = {csrw(scratch, kT6), csrr(kT6, epc),     addi(kT6, kT6, 4),
                           csrw(epc, kT6),     csrr(kT6, scratch), ret};
  for (uint32_t insn : code) put32(image, at, insn), at += 4;
}

std::vector<uint8_t> build_image(FuzzInput& in, unsigned& harts) {
  const uint8_t mode_byte = in.take<uint8_t>(), flag_byte = in.take<uint8_t>();
  constexpr unsigned kModes[] = {0, 1, 3, 1};  // mstatus.MPP: U, S, M, S
  const unsigned mode = kModes[mode_byte & 3];
  const unsigned satp_mode = (mode_byte >> 2) & 3;
  harts = (flag_byte & 1) ? 2 : 1;
  const std::span<const uint8_t> code = in.bytes(kMaxCode);

  std::vector<uint8_t> image(kCode + kMaxCode + 0x1000, 0);
  // Page tables: gigapages over [0, 1 GiB) (the devices) and [2 GiB, 3 GiB) (RAM) at kTables + 0x2000;
  // Sv48 and Sv57 reach it through one and two more levels.
  uint64_t flags = 0xEF;                                     // V R W X G A D
  if ((mode == 0) != bool(mode_byte & 0x80)) flags |= 0x10;  // U
  flags ^= flag_byte & 0xEE;                                 // never V: the walk gets that far
  const uint32_t leaf = kTables + 0x2000, mid = kTables + 0x1000, top = kTables;
  put64(image, leaf + 0 * 8, (0ull >> 12) << 10 | flags);
  put64(image, leaf + 2 * 8, (kBase >> 12) << 10 | flags);
  put64(image, mid, ((kBase + leaf) >> 12) << 10 | 1);
  put64(image, top, ((kBase + mid) >> 12) << 10 | 1);
  const uint32_t roots[] = {leaf, leaf, mid, top};
  const uint32_t root = roots[satp_mode];
  const uint64_t satp = satp_mode ? uint64_t{satp_mode + 7} << 60 | (kBase + root) >> 12 : 0;

  uint64_t mstatus = uint64_t{mode} << 11 | 3 << 13;   // MPP, FS = dirty
  if (mode_byte & 0x20) mstatus |= 1 << 18 | 1 << 19;  // SUM, MXR
  const bool interrupts = mode_byte & 0x40;
  if (interrupts) mstatus |= 1 << 7 | 1 << 5 | 1 << 1;  // MPIE, SPIE, SIE
  const bool delegate = mode_byte & 0x10;
  const struct {
    uint32_t csr;
    uint64_t value;
  } csrs[] = {
      {0x305, kBase + kMHandler},          // mtvec
      {0x105, kBase + kSHandler},          // stvec
      {0x3B0, ~0ull >> 10},                // pmpaddr0: everything
      {0x3A0, 0x1F},                       // pmpcfg0: NAPOT RWX
      {0x302, delegate ? 0xB1FFull : 0},   // medeleg (not ecalls from S or M)
      {0x303, delegate ? 0x222ull : 0},    // mideleg
      {0x306, 7},                          // mcounteren
      {0x106, 7},                          // scounteren
      {0x30A, 1ull << 63},                 // menvcfg.STCE
      {0x180, satp},                       // satp
      {0x300, mstatus},                    // mstatus
      {0x304, interrupts ? 0xAAAull : 0},  // mie
      {0x341, kBase + kCode},              // mepc
  };
  uint32_t at = 0, value_at = kCsrValues;
  put32(image, at, kAuipcT0), at += 4;
  for (const auto& c : csrs) {
    put64(image, value_at, c.value);
    put32(image, at, ld(kT1, value_at, kT0)), at += 4;
    put32(image, at, csrw(c.csr, kT1)), at += 4;
    value_at += 8;
  }
  put32(image, at, kSfenceVma), at += 4;
  // Registers point into RAM past the code, so loads and stores often land somewhere real.
  for (uint32_t r = 31; r >= 1; --r) {
    put64(image, kRegValues + 8 * r, kBase + kCode + kMaxCode + 64 * r);
    if (r != kT0) put32(image, at, ld(r, kRegValues + 8 * r, kT0)), at += 4;
  }
  put32(image, at, ld(kT0, kRegValues + 8 * kT0, kT0)), at += 4;
  put32(image, at, kMret);
  handler(image, kMHandler, 0x340, 0x341, kMret);  // mscratch, mepc
  handler(image, kSHandler, 0x140, 0x141, kSret);  // sscratch, sepc
  std::memcpy(&image[kCode], code.data(), code.size());
  return image;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace microvm;
  static const int devnull = ::open("/dev/null", O_WRONLY);
  FuzzInput in(data, size);
  unsigned harts = 1;
  const std::vector<uint8_t> image = build_image(in, harts);

  Console console(-1, devnull);
  riscv::VirtConfig config;
  config.memory_mib = 16;
  config.harts = harts;
  config.insn_limit = 5000;
  config.deterministic = true;
  if (riscv::jit::default_mode() != riscv::JitMode::kOff) config.jit = riscv::JitMode::kAudit;
  riscv::VirtBoard board(config, console);
  riscv::BootSpec spec;
  spec.kernel = image;
  spec.kernel_name = "fuzz";
  board.boot(spec);
  // The harts in turns, as the deterministic run loop does, until the limit, a stop or WFI for good.
  for (unsigned round = 0; round < 20 && !board.run_control().stop_requested(); ++round) {
    bool progressed = false;
    for (unsigned h = 0; h < board.harts(); ++h) {
      riscv::Hart& hart = board.hart(h);
      const uint64_t before = hart.instret();
      hart.poll_timers();
      hart.run_for(500);
      progressed |= hart.instret() != before;
    }
    if (!progressed) break;
  }
  if (board.run_control().exit_code() == exit_status::kInternal) {
    std::fprintf(stderr, "%s\n", board.run_control().message().c_str());
    std::abort();  // the translator and the interpreter disagree
  }
  return 0;
}
