// Outside input in deterministic runs: held until the run loop reaches a point that depends on
// the guest alone (between rounds of turns, or a hart waiting in a semihosting read), then let
// in, recorded to an InputLog, or taken from one instead.
#include <fmt/format.h>

#include "core/error.h"
#include "devices/virtio/virtio_input.h"
#include "riscv/virt_board.h"

namespace microvm::riscv {

void VirtBoard::set_input_log(InputLog* log) {
  if (log && !config_.deterministic)
    throw user_error(
        "--record and --replay need a --deterministic machine: a threaded run's input does not "
        "arrive at points a replay could repeat");
  input_log_ = log;
  if (log && log->mode() == InputLog::Mode::kReplay && net_gate_) net_gate_->disconnect();
}

RunPoint VirtBoard::run_point() const {
  RunPoint p;
  for (const auto& hart : harts_) p.insns += hart->instret();
  p.time = clock_.now();
  return p;
}

void VirtBoard::let_input_in(InputEvent::Site site) {
  if (!config_.deterministic) return;
  const RunPoint at = run_point();
  if (input_log_ && input_log_->caught_up()) input_log_->go_live();
  if (input_log_ && input_log_->mode() == InputLog::Mode::kReplay) {
    // Typing during a replay changes nothing (Ctrl-A still works); during time travel's, it
    // waits for the present.
    if (!input_log_->rewound()) (void)console_.take_held();
    try {
      while (const InputEvent* e = input_log_->due(at, site)) {
        switch (e->kind) {
          case InputEvent::kConsole: console_.admit({e->bytes, false}); break;
          case InputEvent::kConsoleEnd: console_.admit({{}, true}); break;
          case InputEvent::kNetFrame:
            if (net_gate_)
              net_gate_->let_in(
                  std::span(reinterpret_cast<const uint8_t*>(e->bytes.data()), e->bytes.size()));
            break;
        }
      }
    } catch (const UserError& e) {
      run_control_.request_stop(StopReason::kUserQuit, exit_status::kError,
                                fmt::format("error: {}", e.what()));
      return;
    }
    if (site == InputEvent::kBetweenRounds && input_log_->at_end(at))
      run_control_.request_stop(StopReason::kUserQuit, 0,
                                fmt::format("the replay reached the end of {}", input_log_->path()));
    return;
  }
  // Keys and pointer moves (from the window or the monitor) go in between rounds; they are not in input logs
  // yet, so a recorded run takes none.
  if (site == InputEvent::kBetweenRounds && !input_log_) {
    if (keyboard_) keyboard_->let_in();
    if (tablet_) tablet_->let_in();
  }
  const Console::Held held = console_.take_held();
  if (input_log_) {
    if (!held.bytes.empty()) input_log_->add({InputEvent::kConsole, site, at, held.bytes});
    if (held.ended) input_log_->add({InputEvent::kConsoleEnd, site, at, {}});
  }
  console_.admit(held);
  if (!net_gate_ || site != InputEvent::kBetweenRounds) return;
  for (const std::vector<uint8_t>& frame : net_gate_->take_held()) {
    if (input_log_)
      input_log_->add({InputEvent::kNetFrame, site, at, std::string(frame.begin(), frame.end())});
    net_gate_->let_in(frame);
  }
}

}  // namespace microvm::riscv
