#include "core/console.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace microvm {
namespace {

constexpr uint8_t kEscape = 0x01;  // Ctrl-A
constexpr char kReplay = 'r';      // on the wake pipe: run the monitor lines that waited
// Output held before it is written though no line ended (a long line without a break).
constexpr size_t kHeldMost = 4096;
// How long an unfinished line waits for the rest of itself: a prompt shows this late.
constexpr auto kUnfinishedLine = std::chrono::milliseconds(3);

constexpr std::string_view kHelp =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit microvm\r\n"
    "C-a c    switch between the console and the monitor\r\n"
    "C-a s    save a snapshot (to the --save-snapshot file)\r\n"
    "C-a p    save a picture of the screen (screendump-N.png)\r\n"
    "C-a a    send C-a to the guest\r\n";

}  // namespace

Console::Console(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {}

Console::~Console() {
  stop_input();
  {
    std::lock_guard lock(out_mutex_);
    closing_ = true;
  }
  out_ready_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  flush();
}

void Console::start_input() {
  if (reader_.joinable()) return;
  raw_ = std::make_unique<RawTerminal>(in_fd_);
  if (pipe(wake_pipe_) != 0) return;
  reader_ = std::thread([this] { input_loop(); });
}

void Console::stop_input() {
  if (!reader_.joinable()) return;
  const char byte = 0;
  (void)!::write(wake_pipe_[1], &byte, 1);
  reader_.join();
  close(wake_pipe_[0]);
  close(wake_pipe_[1]);
  raw_.reset();
}

void Console::clear_input() {
  std::lock_guard lock(in_mutex_);
  input_.clear();
}

uint64_t Console::output_count() const {
  std::lock_guard lock(out_mutex_);
  return output_count_;
}

void Console::skip_output(uint64_t n) {
  std::lock_guard lock(out_mutex_);
  skip_ = n;
}

void Console::write(std::string_view bytes) {
  std::lock_guard lock(out_mutex_);
  output_count_ += bytes.size();
  const size_t skipped = static_cast<size_t>(std::min<uint64_t>(skip_, bytes.size()));
  skip_ -= skipped;
  bytes.remove_prefix(skipped);
  if (bytes.empty()) return;
  at_line_start_.store(bytes.back() == '\n', std::memory_order_relaxed);
  const bool was_empty = held_out_.empty();
  held_out_.append(bytes);
  if (bytes.find('\n') != std::string_view::npos || held_out_.size() >= kHeldMost) {
    write_out();
    return;
  }
  if (!was_empty) return;
  // An unfinished line: the flusher writes it out if it is still unfinished in a moment.
  if (!flusher_.joinable()) {
    flusher_ = std::thread([this] { flush_loop(); });
  } else if (flusher_idle_) {
    out_ready_.notify_one();
  }
}

void Console::flush() {
  std::lock_guard lock(out_mutex_);
  write_out();
}

void Console::write_now(std::string_view bytes) {
  write(bytes);
  flush();
}

void Console::write_out() {
  std::string_view bytes = held_out_;
  while (!bytes.empty()) {
    const ssize_t n = ::write(out_fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // stdout closed: the guest's output has nowhere to go, keep running
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  held_out_.clear();
}

void Console::flush_loop() {
  std::unique_lock lock(out_mutex_);
  while (!closing_) {
    flusher_idle_ = true;
    out_ready_.wait(lock, [this] { return closing_ || !held_out_.empty(); });
    flusher_idle_ = false;
    // Lines that end meanwhile go out with their writer; what is left unfinished goes now.
    out_ready_.wait_for(lock, kUnfinishedLine, [this] { return closing_; });
    write_out();
  }
}

void Console::on_input(std::function<void()> callback) {
  std::lock_guard lock(callback_mutex_);
  on_input_ = std::move(callback);
}

void Console::on_monitor(std::function<std::string(const std::string&)> handler) {
  std::lock_guard lock(monitor_mutex_);
  on_monitor_ = std::move(handler);
  // Lines typed (or piped) before the machine was ready to answer them: the input thread runs
  // them, as it runs every command (the caller may be the thread that is about to start the harts).
  if (on_monitor_ && !pending_lines_.empty() && reader_.joinable()) {
    const char byte = kReplay;
    (void)!::write(wake_pipe_[1], &byte, 1);
  }
}

void Console::replay_pending() {
  std::lock_guard lock(monitor_mutex_);
  if (!on_monitor_) return;
  for (const std::string& line : pending_lines_) write_now(on_monitor_(line) + "(microvm) ");
  pending_lines_.clear();
}

// The monitor reads a line at a time; on a terminal (raw mode) it echoes and edits the line
// itself, since the terminal no longer does.
void Console::toggle_monitor() {
  std::lock_guard lock(callback_mutex_);
  in_monitor_ = !in_monitor_;
  monitor_line_.clear();
  write_now(in_monitor_
                ? "\r\nmicrovm monitor (C-a c returns to the console; help lists commands)\r\n(microvm) "
                : "\r\n");
}

void Console::monitor_byte(uint8_t byte) {
  const bool echo = raw_ && raw_->active();
  if (byte == '\r' || byte == '\n') {
    if (echo) write_now("\r\n");
    std::string output;
    {
      std::lock_guard lock(monitor_mutex_);
      if (!on_monitor_) {
        pending_lines_.push_back(monitor_line_);  // the machine is still starting
        monitor_line_.clear();
        return;
      }
      output = on_monitor_(monitor_line_);
    }
    monitor_line_.clear();
    if (echo) {
      std::string crlf;
      for (const char c : output) {
        if (c == '\n') crlf.push_back('\r');
        crlf.push_back(c);
      }
      output = std::move(crlf);
    }
    write_now(output + "(microvm) ");
  } else if (byte == 0x7F || byte == 0x08) {
    if (!monitor_line_.empty()) {
      monitor_line_.pop_back();
      if (echo) write_now("\b \b");
    }
  } else if (byte >= 0x20 && monitor_line_.size() < 4096) {
    monitor_line_.push_back(static_cast<char>(byte));
    if (echo) write_now(std::string_view(reinterpret_cast<const char*>(&byte), 1));
  }
}

void Console::on_quit(std::function<void()> callback) {
  std::lock_guard lock(callback_mutex_);
  on_quit_ = std::move(callback);
  // A Ctrl-A x typed (or piped) before anyone listened still quits.
  if (on_quit_ && quit_requested_) on_quit_();
}

void Console::on_snapshot(std::function<void()> callback) {
  std::lock_guard lock(callback_mutex_);
  on_snapshot_ = std::move(callback);
}

void Console::on_screendump(std::function<std::string()> handler) {
  std::lock_guard lock(callback_mutex_);
  on_screendump_ = std::move(handler);
}

bool Console::has_input() const {
  std::lock_guard lock(in_mutex_);
  return !input_.empty();
}

bool Console::pop_input(uint8_t& byte) {
  std::lock_guard lock(in_mutex_);
  if (input_.empty()) return false;
  byte = input_.front();
  input_.pop_front();
  return true;
}

void Console::push_input(std::string_view bytes) {
  {
    std::lock_guard lock(in_mutex_);
    input_.insert(input_.end(), bytes.begin(), bytes.end());
  }
  std::lock_guard lock(callback_mutex_);
  if (on_input_) on_input_();
}

Console::Held Console::take_held() {
  std::lock_guard lock(in_mutex_);
  Held held;
  held.bytes.swap(held_);
  if (held_ended_ && !ended_taken_) held.ended = ended_taken_ = true;
  return held;
}

void Console::admit(const Held& held) {
  if (held.ended) admitted_end_.store(true, std::memory_order_relaxed);
  if (!held.bytes.empty()) push_input(held.bytes);
}

std::string Console::queued_input() const {
  std::lock_guard lock(in_mutex_);
  return std::string(input_.begin(), input_.end());
}

void Console::handle_byte(uint8_t byte) {
  if (quit_requested_) return;  // nothing after Ctrl-A x reaches the guest
  if (escape_) {
    escape_ = false;
    switch (byte) {
      case 'x':
      case 'X': {
        std::lock_guard lock(callback_mutex_);
        quit_requested_ = true;
        if (on_quit_) on_quit_();
        return;
      }
      case 's':
      case 'S': {
        std::lock_guard lock(callback_mutex_);
        if (on_snapshot_) on_snapshot_();
        return;
      }
      case 'p':
      case 'P': {
        std::string said;
        {
          std::lock_guard lock(callback_mutex_);
          said = on_screendump_ ? on_screendump_() : "no screen to save (give --display sdl or --screenshot)";
        }
        write_now("\r\n" + said + "\r\n");
        return;
      }
      case 'h':
      case 'H':
      case '?': write_now(kHelp); return;
      case 'c':
      case 'C': toggle_monitor(); return;
      case 'a':
      case kEscape: byte = kEscape; break;  // a literal Ctrl-A for the guest
      default: return;
    }
  } else if (byte == kEscape) {
    escape_ = true;
    return;
  }
  if (in_monitor_) {
    monitor_byte(byte);
    return;
  }
  if (holding_.load(std::memory_order_relaxed)) {
    std::lock_guard lock(in_mutex_);
    held_.push_back(static_cast<char>(byte));
    return;
  }
  push_input(std::string_view(reinterpret_cast<const char*>(&byte), 1));
}

void Console::input_loop() {
  bool input_open = true;
  for (;;) {
    pollfd fds[2] = {{wake_pipe_[0], POLLIN, 0}, {in_fd_, POLLIN, 0}};
    const int n = poll(fds, input_open ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents) {
      char byte = 0;
      if (read(wake_pipe_[0], &byte, 1) == 1 && byte == kReplay) {
        replay_pending();
        continue;
      }
      return;
    }
    if (input_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      uint8_t buffer[256];
      const ssize_t got = read(in_fd_, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        input_open = false;  // EOF on a pipe: no more input, the guest keeps running
        input_ended_.store(true, std::memory_order_relaxed);
        {
          std::lock_guard lock(in_mutex_);
          held_ended_ = true;
        }
        continue;
      }
      for (ssize_t i = 0; i < got; ++i) handle_byte(buffer[i]);
    }
  }
}

}  // namespace microvm
