#include "core/line_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/socket.h"

namespace microvm {
namespace {
constexpr size_t kMaxLine = 4096;
}

LineServer::LineServer(const std::string& spec, const std::string& option, Handler handler)
    : spec_(spec), handler_(std::move(handler)) {
  listener_ = open_listener(spec, option);
  if (pipe2(wake_, O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
}

LineServer::~LineServer() {
  shutdown();
  close_listener(listener_, spec_);
  if (wake_[0] >= 0) {
    close(wake_[0]);
    close(wake_[1]);
  }
}

void LineServer::start() {
  thread_ = std::thread([this] { loop(); });
}

void LineServer::shutdown() {
  done_.store(true);
  if (wake_[1] >= 0) {
    const char byte = 0;
    (void)!write(wake_[1], &byte, 1);
  }
  if (thread_.joinable()) thread_.join();
}

void LineServer::loop() {
  while (!done_.load()) {
    pollfd fds[2] = {{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    serve(fd);
    close(fd);
  }
}

void LineServer::serve(int fd) {
  if (!write_all(fd, kPrompt)) return;
  std::string line;
  bool overlong = false;
  char buffer[1024];
  while (!done_.load()) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    for (ssize_t i = 0; i < got; ++i) {
      const char c = buffer[i];
      if (c == '\r') continue;
      if (c != '\n') {
        if (line.size() < kMaxLine) {
          line.push_back(c);
        } else {
          overlong = true;
        }
        continue;
      }
      const std::string reply = overlong ? std::string("error: line too long\n") : handler_(line);
      line.clear();
      overlong = false;
      if (!write_all(fd, reply + kPrompt)) return;
      if (done_.load()) return;
    }
  }
}

}  // namespace microvm
