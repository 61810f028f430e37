// Raw mode for the host terminal, restored on every way out: normal return, exit(), an error, a
// terminating signal, or a crash signal.
#pragma once

namespace microvm {

class RawTerminal {
 public:
  // Puts `fd` in raw mode when it is a terminal; does nothing otherwise.
  explicit RawTerminal(int fd);
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

  bool active() const { return active_; }

 private:
  bool active_ = false;
};

// Restores the terminal if raw mode is on; async-signal-safe.
void restore_terminal();

}  // namespace microvm
