#include "riscv/dead_end.h"

#include <fmt/format.h>

#include "core/error.h"
#include "riscv/disasm.h"
#include "riscv/hart.h"
#include "riscv/trace.h"

namespace microvm::riscv {

DeadEnds::Action DeadEnds::parse_action(const std::string& text) {
  if (text == "report") return Action::kReport;
  if (text == "stop") return Action::kStop;
  if (text == "ignore") return Action::kIgnore;
  throw user_error("--on-fault: expected stop, report or ignore, got '{}'", text);
}

// "0x80000010 <bad_load+0x4>: ld a1,8(a0)", or without the parts that cannot be read.
std::string DeadEnds::where(Hart& hart, uint64_t pc) const {
  std::string text = fmt::format("{:#x}", pc);
  const std::string symbol = symbols_.describe(pc);
  if (!symbol.empty()) text += fmt::format(" <{}>", symbol);
  uint64_t pa, low, high = 0;
  if (hart.debug_translate(pc, Hart::Access::kFetch, pa) && hart.bus().ram().contains(pa, 2) &&
      hart.bus().read(pa, 2, low)) {
    if ((low & 3) == 3 && !(hart.bus().ram().contains(pa + 2, 2) && hart.bus().read(pa + 2, 2, high)))
      return text;
    std::string insn = disassemble(static_cast<uint32_t>(low | high << 16), pc);
    for (char& c : insn) {
      if (c == '\t') c = ' ';
    }
    text += ": " + insn;
  } else {
    text += " (no memory there)";
  }
  return text;
}

void DeadEnds::trap_loop(Hart& hart, const Trap (&history)[kHistory], uint64_t repeats) {
  const Trap& last = history[kHistory - 1];
  const char* mode = (last.tvec == hart.csr.stvec && hart.priv == Priv::S) ? "stvec" : "mtvec";
  std::string text = fmt::format(
      "hart {} is stuck in a trap loop: {} (cause {}) at pc {}, tval {:#x}, {} times in a row\n",
      hart.hartid(), cause_name(last.cause, false), last.cause, where(hart, last.epc), last.tval, repeats);
  std::string reason;
  if ((last.tvec & ~3ull) == 0) {
    reason = fmt::format(
        "{} is 0: no trap handler was set up, so every trap jumps to address 0 and faults again", mode);
  } else if ((last.tvec & ~3ull) == last.epc) {
    reason = fmt::format("the trap handler at {:#x} faults on its own first instruction", last.epc);
  } else {
    reason = "the trap handler returns to the faulting instruction without removing the cause";
  }
  text += fmt::format("  likely reason: {}\n", reason);
  // The first trap of the loop is usually the interesting one: the fault that started it.
  for (int i = static_cast<int>(kHistory) - 2; i >= 0; --i) {
    const Trap& t = history[i];
    if (t.cause == ~0ull) break;
    if (t.cause != last.cause || t.epc != last.epc) {
      text += fmt::format("  it started with: {} (cause {}) at pc {}, tval {:#x}\n",
                          cause_name(t.cause, false), t.cause, where(hart, t.epc), t.tval);
      break;
    }
  }
  std::string recent;
  for (const Trap& t : history) {
    if (t.cause == ~0ull) continue;
    const std::string symbol = symbols_.describe(t.epc);
    recent += fmt::format("{}{:#x}{} ({})", recent.empty() ? "" : ", ", t.epc,
                          symbol.empty() ? "" : " <" + symbol + ">", cause_name(t.cause, false));
  }
  text += fmt::format("  last traps, oldest first: {}\n", recent);
  emit(text);
}

void DeadEnds::stuck(Hart& hart) {
  emit(fmt::format(
      "hart {} is stuck: a jump to itself at pc {} in {}-mode with every interrupt that could end it "
      "masked (mstatus={:#x} mie={:#x}); nothing will change\n",
      hart.hartid(), where(hart, hart.pc), "US?M"[static_cast<int>(hart.priv)], hart.csr.mstatus,
      hart.csr.mie));
}

void DeadEnds::emit(const std::string& text) {
  std::lock_guard lock(mutex_);
  ++reports_;
  if (action_ == Action::kIgnore) return;
  std::string lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines += "microvm: " + text.substr(start, end - start) + "\n";
    start = end == std::string::npos ? text.size() : end + 1;
  }
  if (console_) console_->flush();
  fmt::print(stderr, "{}", lines);
  if (action_ == Action::kStop) {
    run_control_.request_stop(StopReason::kGuestPanic, kExitStatus,
                              "stopped at the dead end (--on-fault stop)");
  }
}

}  // namespace microvm::riscv
