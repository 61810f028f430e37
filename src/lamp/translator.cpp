// The host-independent half of the lamp translator: which instructions a block holds, the table of
// blocks by guest ip with the hotness counts, and the loop that runs blocks one after another. The
// host code comes from translate_x86.cpp (or no_translate.cpp).
#include "lamp/translator.h"

#include <algorithm>
#include <bit>

#include "core/code_cache.h"
#include "lamp/core.h"
#include "lamp/isa.h"
#include "lamp/memory.h"

namespace microvm::lamp {

namespace {

constexpr size_t kCacheBytes = 1u << 20;  // lamp programs are small; a full cache is flushed whole
constexpr size_t kMaxInsns = 32;
constexpr unsigned kGuestRegs = 9;  // host registers for guest registers (translate_x86.cpp)

}  // namespace

// Only `reg`-flow instructions whose flags are ADD, SUB or LOGIC ones (flags.h), the word loads
// and stores, and the direct jumps.
std::optional<uint32_t> registers_of(const BlockInsn& i) {
  const uint32_t rd = 1u << i.rd, rs1 = 1u << i.rs1, rs2 = 1u << i.rs2;
  switch (i.op) {
    case op::ADD:
    case op::SUB:
    case op::MUL:
    case op::AND:
    case op::OR:
    case op::XOR:
    case op::SHL:
    case op::SHR:
    case op::SAR:
    case op::ROL:
    case op::ROR: return rd | rs1 | rs2;
    case op::ADDI:
    case op::SUBI:
    case op::ANDI:
    case op::ORI:
    case op::XORI:
    case op::SHLI:
    case op::SHRI:
    case op::ROLI:
    case op::RORI:
    case op::CMP:
    case op::MOV:
    case op::NOT: return rd | rs1;
    case op::CMPI:
    case op::MOVI:
    case op::INC: return rd;
    case op::LOAD32:
    case op::STORE32: return rd | rs1;
    case op::LOADX32:
    case op::STOREX32: return rd | rs1 | rs2;
    default: return is_jump(i.op) ? std::optional<uint32_t>(0) : std::nullopt;
  }
}

bool is_jump(uint8_t opcode) {
  switch (opcode) {
    case op::JMP:
    case op::JZ:
    case op::JNZ:
    case op::JG:
    case op::JGE:
    case op::JL:
    case op::JLE:
    case op::JC:
    case op::JNC:
    case op::RJMP:
    case op::RJZ:
    case op::RJNZ:
    case op::RJG:
    case op::RJGE:
    case op::RJL:
    case op::RJLE:
    case op::RJC:
    case op::RJNC: return true;
    default: return false;
  }
}

bool is_memory(uint8_t opcode) { return opcode == op::LOAD32 || opcode == op::LOADX32 || is_store(opcode); }
bool is_store(uint8_t opcode) { return opcode == op::STORE32 || opcode == op::STOREX32; }

Translator::Translator()
    : table_(std::make_unique<Entry[]>(size_t{1} << kTableBits)),
      cache_(std::make_unique<CodeCache>(kCacheBytes)) {}

Translator::~Translator() = default;

std::vector<BlockInsn> Translator::select(const Core& core, uint32_t ip) {
  std::vector<BlockInsn> insns;
  uint32_t used = 0;
  for (uint32_t at = ip; insns.size() < kMaxInsns; at += 8) {
    if (at - core.fetch_lo_ >= core.fetch_span_) break;  // only what the fetch window maps
    const uint64_t word = ram_load_insn(core.host_ + at);
    const Insn fields = decode(word);
    // Register fields are taken modulo 32, as the interpreter does (isa.h Fields).
    const BlockInsn insn{word,
                         fields.op,
                         static_cast<uint8_t>(fields.rd & 31),
                         static_cast<uint8_t>(fields.rs1 & 31),
                         static_cast<uint8_t>(fields.rs2 & 31),
                         fields.imm};
    const std::optional<uint32_t> regs = registers_of(insn);
    if (!regs || std::popcount(used | *regs) > static_cast<int>(kGuestRegs)) break;
    used |= *regs;
    insns.push_back(insn);
    if (is_jump(insn.op)) break;
  }
  return insns;
}

bool Translator::note(uint32_t ip, const Core& core) {
  Entry& e = table_[index(ip)];
  if (e.ip != ip) e = Entry{ip, 0, 0, false, nullptr};
  if (e.hits == kRefused) return false;
  // A target outside the fetch window is not counted: the window moves to it when it is fetched.
  if (ip - core.fetch_lo_ >= core.fetch_span_ || ++e.hits < kHot) return false;
  const std::vector<BlockInsn> insns = select(core, ip);
  if (insns.empty()) {
    e.hits = kRefused;
    return false;
  }
  BlockCode code = emit(insns, ip);
  if (!code) {  // the cache is full: start again with this block
    flush();
    code = emit(insns, ip);
  }
  const bool memory =
      std::any_of(insns.begin(), insns.end(), [](const BlockInsn& i) { return is_memory(i.op); });
  e = Entry{ip, code ? kHot : kRefused, static_cast<uint32_t>(insns.size() * 8), memory, code};
  if (code) ++translated_;
  return code != nullptr;
}

void Translator::run(Core& core) {
  BlockFrame f;
  f.regs = core.r;
  f.host = core.host_;
  f.attention = core.attention_;
  f.page_kinds = core.mem_.page_kinds();
  f.count = core.cycles_.load(std::memory_order_relaxed);
  f.flags = core.flags;
  uint32_t ip = core.ip;
  for (;;) {
    Entry& e = table_[index(ip)];
    if (e.ip != ip || !e.code || (e.memory && !core.direct_)) break;
    // Every instruction of the block must still be in the fetch window (the MMU may have moved it).
    const uint32_t last = ip + e.bytes - 8;
    if (ip - core.fetch_lo_ >= core.fetch_span_ || last - core.fetch_lo_ >= core.fetch_span_) break;
    f.stale = f.interpret = 0;
    ++e.runs;
    e.code(&f);
    if (f.stale) {  // its words changed: interpret them, and translate them again when hot
      e = Entry{};
      ++dropped_;
      break;
    }
    ip = f.ip;
    if (f.interpret) {  // a load or store the block leaves to the interpreter
      if (++e.outs >= kOutsToGiveBack && e.outs * 2 >= e.runs) {
        e = Entry{e.ip, kRefused, 0, false, nullptr};
        ++given_back_;
      }
      break;
    }
    if (core.attention_->load(std::memory_order_relaxed) || !ready(ip, core)) break;
  }
  core.ip = ip;
  core.flags = f.flags;
  core.cycles_.store(f.count, std::memory_order_relaxed);
}

void Translator::flush() {
  for (size_t i = 0; i < (size_t{1} << kTableBits); ++i) table_[i] = Entry{};
  cache_->flush();
}

}  // namespace microvm::lamp
