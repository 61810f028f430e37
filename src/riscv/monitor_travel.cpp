// The monitor's time travel: `rewind N` and `goto INSN` move a --deterministic machine to another
// moment of its run (riscv/time_travel.h), as GDB's reverse-stepi does; `info checkpoints` says
// how far back it can go, and `info digest` whether two machines (or one, twice) are in the same state.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/input_log.h"
#include "riscv/hart.h"
#include "riscv/monitor.h"
#include "riscv/time_travel.h"
#include "riscv/virt_board.h"

namespace microvm::riscv {

std::string Monitor::travel(const std::vector<std::string>& words) {
  const bool rewind = words[0] == "rewind";
  const char* usage = rewind ? "usage: rewind N (instructions of the selected hart)\n"
                             : "usage: goto INSN (the selected hart's count of instructions)\n";
  if (words.size() != 2) return usage;
  uint64_t n = 0;
  const std::string& text = words[1];
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return usage;
  if (!travel_)
    return "error: time travel is off: run with --deterministic and --time-travel (or --gdb) to keep "
           "checkpoints\n";
  std::string out = stop();
  if (out.rfind("error", 0) == 0) return out;
  const uint64_t now = hart().instret();
  const uint64_t target = rewind ? now - std::min(n, now) : n;
  const bool before_history = rewind && n > now - travel_->first_insns(selected_);
  const gdb::StopEvent event = before_history ? travel_->go_to_start() : travel_->go_to(selected_, target);
  if (event.kind == gdb::StopEvent::kExited)
    return fmt::format("the run ended (exit status {}) before hart {} got there\n", event.exit_code,
                       selected_);
  out = hart().describe(true) + "\n";
  if (event.kind == gdb::StopEvent::kHistoryStart)
    return "the history starts here (the first checkpoint)\n" + out;
  if (hart().instret() != target)
    out = fmt::format("stopped on the way, at instruction {}\n", hart().instret()) + out;
  return out;
}

std::string Monitor::checkpoints() {
  if (!travel_) return "time travel is off (it needs --deterministic with --time-travel or --gdb)\n";
  return fmt::format("{} checkpoints, {:.1f} MiB; the history starts at instruction {} of hart {}\n",
                     travel_->checkpoints(), static_cast<double>(travel_->bytes()) / (1 << 20),
                     travel_->first_insns(selected_), selected_);
}

std::string Monitor::digest() {
  // The machine's state as a snapshot has it, disks aside (the same as --record's digests).
  const Sha256 hash = state_digest(board_.save_snapshot(VirtBoard::SnapshotUse::kInProcess));
  std::string hex;
  for (uint8_t b : hash) hex += fmt::format("{:02x}", b);
  return hex + "\n";
}

}  // namespace microvm::riscv
