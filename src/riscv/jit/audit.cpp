// --jit-audit: each translated block runs, then the interpreter runs the same instructions one at
// a time from the same starting state, and the two results must agree. Memory: the block's stores
// are logged (address, bytes before), undone before the interpreter runs, and the bytes the
// interpreter leaves must be the block's. A block that touched a device cannot run twice and is
// not compared (it is counted). The run stops at the first difference.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/run_control.h"
#include "riscv/disasm.h"
#include "riscv/jit/hooks.h"
#include "riscv/jit/runtime.h"

namespace microvm::riscv::jit {
namespace {

using State = JitHooks::State;

std::string guest_code(const DecodedPage& page, size_t index, uint64_t pc, unsigned count) {
  std::string out;
  for (unsigned n = 0; n < count && index < DecodedPage::kSlots; ++n) {
    uint32_t bits = 0;
    std::memcpy(&bits, &page.bytes[index * 2], index + 1 < DecodedPage::kSlots ? 4 : 2);
    const unsigned len = (bits & 3) == 3 ? 4 : 2;
    if (len == 2) bits &= 0xFFFF;
    std::string text = disassemble(bits, pc);
    std::replace(text.begin(), text.end(), '\t', ' ');
    out += fmt::format("  {:#x}: {}\n", pc, text);
    index += len / 2;
    pc += len;
  }
  return out;
}

std::string differences(const State& jit, const State& interp) {
  std::string out;
  const auto differ = [&out](const std::string& what, uint64_t j, uint64_t i) {
    if (j != i) out += fmt::format("  {}: translated {:#x}, interpreter {:#x}\n", what, j, i);
  };
  for (unsigned r = 0; r < 32; ++r) differ(fmt::format("x{}", r), jit.x[r], interp.x[r]);
  for (unsigned r = 0; r < 32; ++r) differ(fmt::format("f{}", r), jit.f[r], interp.f[r]);
  differ("pc", jit.pc, interp.pc);
  differ("privilege", static_cast<uint64_t>(jit.priv), static_cast<uint64_t>(interp.priv));
  differ("instructions retired", JitHooks::retired(jit), JitHooks::retired(interp));
  differ("block ended", jit.exit_block, interp.exit_block);
  differ("wfi", jit.wfi, interp.wfi);
  differ("lr address", jit.lr.pa, interp.lr.pa);
  if (std::memcmp(&jit.csr, &interp.csr, sizeof(Csrs)) != 0) {
    differ("mstatus", jit.csr.mstatus, interp.csr.mstatus);
    differ("mcause", jit.csr.mcause, interp.csr.mcause);
    differ("scause", jit.csr.scause, interp.csr.scause);
    differ("mepc", jit.csr.mepc, interp.csr.mepc);
    differ("sepc", jit.csr.sepc, interp.csr.sepc);
    differ("mtval", jit.csr.mtval, interp.csr.mtval);
    differ("stval", jit.csr.stval, interp.csr.stval);
    if (out.empty()) out += "  a CSR differs\n";
  }
  return out;
}

}  // namespace

void JitImpl::run_audited(Hart& hart, BlockCode code, DecodedPage& page, size_t index) {
  StoreLog log;
  state_.log = &log;
  const State before = JitHooks::save(hart);
  trampolines_.enter(&hart, code);
  state_.log = nullptr;
  const State translated = JitHooks::save(hart);
  ++audit_blocks_;
  if (!log.replayable) {
    ++audit_skipped_;
    return;
  }
  for (StoreLog::Entry& e : log.entries) std::memcpy(&e.after, e.host, e.size);
  for (auto e = log.entries.rbegin(); e != log.entries.rend(); ++e) std::memcpy(e->host, &e->before, e->size);

  JitHooks::restore(hart, before);
  const bool chain = state_.chain;
  const uint64_t target = JitHooks::retired(translated);
  for (uint64_t steps = 0;; ++steps) {
    JitHooks::step(hart, page, (hart.pc & Tlb::kPageMask) >> 1);
    const State now = JitHooks::save(hart);
    if (JitHooks::retired(now) == target && now.pc == translated.pc) break;
    if (JitHooks::retired(now) > target || steps > target || now.exit_block ||
        ((now.pc ^ before.pc) >> 12) != 0)
      break;
    JitHooks::take(hart);
  }
  State interpreted = JitHooks::save(hart);
  if (log.special) interpreted.exit_block = translated.exit_block;
  state_.chain = chain;

  std::string diff = differences(translated, interpreted);
  for (const StoreLog::Entry& e : log.entries) {
    uint64_t now = 0;
    std::memcpy(&now, e.host, e.size);
    if (now != e.after) {
      diff += fmt::format("  memory at host {}: translated wrote {:#x}, interpreter {:#x}\n",
                          static_cast<const void*>(e.host), e.after, now);
    }
  }
  if (diff.empty()) {
    JitHooks::restore(hart, translated);  // the same but for how the budget was spent
    return;
  }
  const unsigned shown = static_cast<unsigned>(std::min<uint64_t>(target + 1, 64));
  const std::string message = fmt::format(
      "jit audit: hart {}: the translated block at pc {:#x} differs from the interpreter\nguest code:\n{}"
      "differences:\n{}",
      hart.hartid(), before.pc, guest_code(page, index, before.pc, shown), diff);
  hart.run_control().request_stop(StopReason::kGuestPanic, exit_status::kInternal, message);
  hart.end_block();
}

}  // namespace microvm::riscv::jit
