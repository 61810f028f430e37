// One GDB connection's protocol state: turns packets into target calls and replies. It does no
// I/O, so tests drive it with strings; server.* moves the bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/gdb/packet.h"
#include "core/gdb/target.h"

namespace microvm::gdb {

class Session {
 public:
  explicit Session(Target& target) : target_(target) {}

  // The bytes to send for one event from the reader (acknowledgement and reply). A packet that
  // resumes the target sends no reply: the stop reply comes from stopped() later.
  std::string handle(const PacketReader::Event& event);
  // The target stopped while running: the stop reply to send.
  std::string stopped(const StopEvent& event);
  // The session attached: remember why the target is stopped (for `?`).
  void attached(const StopEvent& event) { last_stop_ = event; }

  bool running() const { return running_; }
  bool finished() const { return finished_; }  // detached or killed: close the connection

  // The reply payload for one packet (no framing); public for tests.
  std::string reply(std::string_view packet);

 private:
  std::string stop_reply(const StopEvent& event) const;
  std::string send(std::string_view payload) const { return frame(payload); }
  bool parse_thread(std::string_view text, int& thread) const;
  std::string query(std::string_view packet);
  std::string vcont(std::string_view args);
  std::string read_registers();
  std::string write_registers(std::string_view hex);
  std::string read_memory(std::string_view args);
  std::string write_memory(std::string_view args, bool binary);
  std::string breakpoint(std::string_view args, bool insert);
  std::string resume_all(ResumeAction action, int thread);
  unsigned register_thread() const;

  Target& target_;
  bool no_ack_ = false;
  bool running_ = false;
  bool finished_ = false;
  int g_thread_ = 0;   // Hg: 0-based, -1 any
  int c_thread_ = -1;  // Hc: 0-based, -1 all
  StopEvent last_stop_;
};

}  // namespace microvm::gdb
