// The host side of every guest console (UART, SBI console, virtio-console): bytes out to stdout,
// bytes in from stdin, and QEMU's Ctrl-A escapes.
//
// Input is queued here until the guest takes it, so a script piped into stdin is never dropped
// because the guest was not listening yet; EOF on a pipe just ends input, not the run.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/terminal.h"

namespace microvm {

class Console {
 public:
  Console(int in_fd = 0, int out_fd = 1);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Starts reading input (raw mode when stdin is a terminal). Without start() the console only
  // writes, which is what tests and benchmarks that give no input want.
  void start_input();
  void stop_input();

  // Guest output goes out a line at a time: a guest writes its console a byte at a time, and a
  // write(2) each cost more than a tenth of a Linux boot. A line is written when it ends; an
  // unfinished one (a prompt) a few milliseconds after its first byte, or at flush().
  void write(std::string_view bytes);
  void put(uint8_t byte) { write(std::string_view(reinterpret_cast<const char*>(&byte), 1)); }
  // Writes what is held now: before a message of our own, so it comes after the guest's output.
  void flush();

  // Whether the last byte written ended a line (so a message of our own starts on a fresh one).
  bool at_line_start() const { return at_line_start_.load(std::memory_order_relaxed); }

  bool has_input() const;
  bool pop_input(uint8_t& byte);
  // Whether stdin reached its end (a pipe closed): what is queued is all there will be.
  bool input_ended() const {
    return (holding_.load(std::memory_order_relaxed) ? admitted_end_ : input_ended_)
        .load(std::memory_order_relaxed);
  }
  // Queues bytes as if typed (used by tests and by the monitor).
  void push_input(std::string_view bytes);
  // Forgets the bytes the guest has not taken (a snapshot load replaces them).
  void clear_input();
  // Bytes written so far, and the next `n` to drop (time travel runs again what was printed
  // already: the output goes on from where it had got to).
  uint64_t output_count() const;
  void skip_output(uint64_t n);
  // The bytes typed but not yet taken by the guest (a snapshot keeps them).
  std::string queued_input() const;

  // Held input (deterministic runs): bytes from stdin, and its end, wait here until the run
  // loop takes them at a point that depends only on the guest (take_held), and enter the guest's
  // queue with admit(). push_input() is not held: it is the machine's own side.
  void hold_input() { holding_.store(true, std::memory_order_relaxed); }
  struct Held {
    std::string bytes;
    bool ended = false;  // stdin reached its end (reported once)
  };
  Held take_held();
  void admit(const Held& held);

  // Called on the input thread after bytes were queued; nullptr removes it.
  void on_input(std::function<void()> callback);
  // Ctrl-A x; called at once when Ctrl-A x came before the callback was set.
  void on_quit(std::function<void()> callback);
  // Ctrl-A c switches input between the guest and this handler, which gets one command line at
  // a time and returns what to print; nullptr removes it.
  void on_monitor(std::function<std::string(const std::string&)> handler);
  // Ctrl-A s (save a snapshot); typed while nobody listens, it is ignored.
  void on_snapshot(std::function<void()> callback);
  // Ctrl-A p (save a picture of the screen): the handler returns what to print.
  void on_screendump(std::function<std::string()> handler);

 private:
  void input_loop();
  void handle_byte(uint8_t byte);
  void toggle_monitor();
  void monitor_byte(uint8_t byte);
  void replay_pending();
  // The monitor's and the escapes' own text: written at once.
  void write_now(std::string_view bytes);
  void write_out();  // out_mutex_ held
  void flush_loop();

  int in_fd_;
  int out_fd_;
  mutable std::mutex out_mutex_;
  mutable std::mutex in_mutex_;
  std::deque<uint8_t> input_;
  std::mutex callback_mutex_;
  std::function<void()> on_input_;
  std::function<void()> on_quit_;
  // The monitor's handler and the lines typed before it was set have a mutex of their own: a
  // command can take long (it waits for the harts to pause), and meanwhile the thread that starts
  // the harts may be registering the other callbacks.
  std::mutex monitor_mutex_;
  std::function<std::string(const std::string&)> on_monitor_;  // guarded by monitor_mutex_
  bool in_monitor_ = false;                                    // input thread only
  std::string monitor_line_;
  std::vector<std::string> pending_lines_;  // guarded by monitor_mutex_
  std::function<void()> on_snapshot_;
  std::function<std::string()> on_screendump_;
  std::unique_ptr<RawTerminal> raw_;
  std::thread reader_;
  int wake_pipe_[2] = {-1, -1};
  bool escape_ = false;
  std::atomic<bool> at_line_start_{true};
  std::atomic<bool> quit_requested_{false};  // Ctrl-A x seen
  std::atomic<bool> input_ended_{false};
  std::atomic<bool> holding_{false};
  uint64_t output_count_ = 0;  // out_mutex_
  std::string held_out_;       // written, not yet out (out_mutex_)
  std::condition_variable out_ready_;
  std::thread flusher_;        // writes unfinished lines out; started by the first one
  bool flusher_idle_ = false;  // out_mutex_
  bool closing_ = false;       // out_mutex_
  uint64_t skip_ = 0;          // out_mutex_
  std::string held_;           // guarded by in_mutex_
  bool held_ended_ = false;    // stdin ended, not yet taken (in_mutex_)
  bool ended_taken_ = false;   // (in_mutex_)
  std::atomic<bool> admitted_end_{false};
};

}  // namespace microvm
