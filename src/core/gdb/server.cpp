#include "core/gdb/server.h"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/gdb/session.h"
#include "core/socket.h"

namespace microvm::gdb {

Server::Server(Target& target, const std::string& spec) : target_(target), spec_(spec) {
  listener_ = open_listener(spec, "--gdb");
  if (pipe2(wake_, O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
}

Server::~Server() {
  shutdown();
  close_listener(listener_, spec_);
  if (wake_[0] >= 0) {
    close(wake_[0]);
    close(wake_[1]);
  }
}

void Server::start() {
  thread_ = std::thread([this] { loop(); });
}

void Server::shutdown() {
  done_.store(true, std::memory_order_release);
  if (wake_[1] >= 0) {
    const char byte = 0;
    (void)!write(wake_[1], &byte, 1);
  }
  if (thread_.joinable()) thread_.join();
}

void Server::loop() {
  while (!woken()) {
    pollfd fds[2] = {{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // fails harmlessly on unix sockets
    serve(fd);
    close(fd);
  }
}

void Server::serve(int fd) {
  Session session(target_);
  PacketReader reader;
  session.attached(target_.halt());
  char buffer[4096];
  while (!session.finished()) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    const int n = poll(fds, 2, session.running() ? 10 : 200);
    if (n < 0 && errno != EINTR) return;
    if (n > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      const ssize_t got = read(fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        // GDB went away without detaching: let the machine run on, as after a detach.
        target_.clear_breakpoints();
        if (!session.running())
          target_.resume(std::vector<ResumeAction>(target_.threads(), ResumeAction::kContinue));
        return;
      }
      reader.feed(std::string_view(buffer, static_cast<size_t>(got)));
      while (auto event = reader.next()) {
        if (!write_all(fd, session.handle(*event))) return;
      }
    }
    if (session.running()) {
      if (auto stop = target_.wait_stop(std::chrono::milliseconds(0))) {
        if (!write_all(fd, session.stopped(*stop))) return;
      }
    } else if (woken()) {
      return;  // the run ended while GDB looked at a stopped machine
    }
  }
}

}  // namespace microvm::gdb
