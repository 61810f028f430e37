// User-mode networking with libslirp, as QEMU's `-nic user`: the guest sits on 10.0.2.0/24,
// gets 10.0.2.15 by DHCP, reaches the host's loopback through 10.0.2.2 and a DNS forwarder at
// 10.0.2.3; host ports may be forwarded into the guest.
//
// libslirp is not thread-safe, so it lives on one thread with its own poll() loop: frames
// from the guest are queued to it and it is woken through an eventfd.
#pragma once

#include <netinet/in.h>
#include <poll.h>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/net_backend.h"

struct Slirp;

namespace microvm {

struct HostForward {
  bool udp = false;
  in_addr host_addr{};  // INADDR_ANY unless given, as QEMU
  uint16_t host_port = 0;
  in_addr guest_addr{};  // 10.0.2.15 unless given
  uint16_t guest_port = 0;
  std::string text;  // as the user wrote it, for messages
};

struct UserNetConfig {
  std::vector<HostForward> forwards;
};

// Parses a --net value: "none" gives nullopt; "user[,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-
// [GUESTADDR]:GUESTPORT]..." gives the configuration. A UserError otherwise.
std::optional<UserNetConfig> parse_net_option(std::string_view spec);

class SlirpNetwork : public NetBackend {
 public:
  // Starts the stack and its thread; a forward that cannot be set up is a UserError.
  explicit SlirpNetwork(const UserNetConfig& config);
  ~SlirpNetwork() override;

  void send(std::span<const uint8_t> frame) override;
  // A new libslirp instance with the same forwards; returns when it runs.
  void reset_connections() override;

 private:
  struct Timer;
  struct Callbacks;
  // start() creates the stack and its thread; a forward it cannot set up is a UserError, or
  // when restarting a warning (the run goes on). stop() ends the thread and frees the stack.
  void start(bool restarting);
  void stop();
  void loop();
  void wake();

  UserNetConfig config_;

  Slirp* slirp_ = nullptr;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::mutex tx_mutex_;
  std::deque<std::vector<uint8_t>> tx_;
  std::vector<std::unique_ptr<Timer>> timers_;  // the slirp thread's (and the constructor's)
  std::vector<pollfd> pollfds_;
  std::thread thread_;
};

}  // namespace microvm
