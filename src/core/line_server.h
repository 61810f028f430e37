// A line-oriented command socket (the monitor's --monitor unix:PATH): one client at a time,
// each line handed to a handler whose output goes back, followed by a "(microvm) " prompt so a
// script knows when a command is done.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace microvm {

class LineServer {
 public:
  using Handler = std::function<std::string(const std::string&)>;
  static constexpr const char* kPrompt = "(microvm) ";

  // Listens at once (throws UserError); serves after start().
  LineServer(const std::string& spec, const std::string& option, Handler handler);
  ~LineServer();
  LineServer(const LineServer&) = delete;
  LineServer& operator=(const LineServer&) = delete;

  void start();
  void shutdown();

 private:
  void loop();
  void serve(int fd);

  std::string spec_;
  Handler handler_;
  int listener_ = -1;
  int wake_[2] = {-1, -1};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace microvm
