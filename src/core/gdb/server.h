// The GDB stub's socket side: listens (see core/socket.h), serves one GDB at a time on its own
// thread, and moves bytes between the socket and a Session.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "core/gdb/target.h"

namespace microvm::gdb {

class Server {
 public:
  // Listens at once (throws UserError for a bad or busy address); serves after start().
  Server(Target& target, const std::string& spec);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  // The run ended: a waiting GDB hears that the target exited; the thread ends.
  void shutdown();

 private:
  void loop();
  void serve(int fd);
  bool woken() const { return done_.load(std::memory_order_acquire); }

  Target& target_;
  std::string spec_;
  int listener_ = -1;
  int wake_[2] = {-1, -1};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace microvm::gdb
