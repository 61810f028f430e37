#include "frontends/slirp_network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <slirp/libslirp.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/error.h"

namespace microvm {
namespace {

constexpr size_t kMaxQueuedFrames = 1024;

in_addr ipv4(const char* text) {
  in_addr a{};
  inet_pton(AF_INET, text, &a);
  return a;
}

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::optional<uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(value);
}

std::optional<in_addr> parse_addr(std::string_view text, in_addr fallback) {
  if (text.empty()) return fallback;
  in_addr a{};
  if (inet_pton(AF_INET, std::string(text).c_str(), &a) != 1) return std::nullopt;
  return a;
}

// [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, QEMU's hostfwd syntax.
HostForward parse_hostfwd(std::string_view spec) {
  auto bad = [&] {
    return user_error(
        "--net: bad hostfwd={} (expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, "
        "e.g. hostfwd=tcp::2222-:22)",
        spec);
  };
  HostForward f;
  f.text = std::string(spec);
  const size_t c1 = spec.find(':');
  if (c1 == std::string_view::npos) throw bad();
  const std::string_view proto = spec.substr(0, c1);
  if (proto == "udp") {
    f.udp = true;
  } else if (proto != "tcp" && !proto.empty()) {
    throw bad();
  }
  const std::string_view rest = spec.substr(c1 + 1);
  const size_t dash = rest.find('-');
  if (dash == std::string_view::npos) throw bad();
  const std::string_view host = rest.substr(0, dash), guest = rest.substr(dash + 1);
  const size_t hc = host.rfind(':'), gc = guest.rfind(':');
  if (hc == std::string_view::npos || gc == std::string_view::npos) throw bad();
  // Loopback unless the user names an address: a forwarded guest port is not for the whole network
  // (QEMU listens on every interface; docs/security.md).
  const auto host_addr = parse_addr(host.substr(0, hc), in_addr{htonl(INADDR_LOOPBACK)});
  const auto guest_addr = parse_addr(guest.substr(0, gc), ipv4("10.0.2.15"));
  const auto host_port = parse_port(host.substr(hc + 1));
  const auto guest_port = parse_port(guest.substr(gc + 1));
  if (!host_addr || !guest_addr || !host_port || !guest_port) throw bad();
  f.host_addr = *host_addr;
  f.guest_addr = *guest_addr;
  f.host_port = *host_port;
  f.guest_port = *guest_port;
  return f;
}

}  // namespace

std::optional<UserNetConfig> parse_net_option(std::string_view spec) {
  if (spec == "none") return std::nullopt;
  const size_t comma = spec.find(',');
  const std::string_view mode = spec.substr(0, comma);
  if (mode != "user") {
    throw user_error("--net {}: unknown network '{}' (give user[,hostfwd=...] or none)", spec, mode);
  }
  UserNetConfig config;
  std::string_view options = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
  while (!options.empty()) {
    const size_t next = options.find(',');
    const std::string_view option = options.substr(0, next);
    options = next == std::string_view::npos ? std::string_view() : options.substr(next + 1);
    if (option.starts_with("hostfwd=")) {
      config.forwards.push_back(parse_hostfwd(option.substr(8)));
    } else {
      throw user_error("--net {}: unknown option '{}' (user networking takes hostfwd=...)", spec, option);
    }
  }
  return config;
}

struct SlirpNetwork::Timer {
  SlirpTimerId id;
  void* cb_opaque;
  int64_t expire_ms = -1;  // -1: not armed
};

// libslirp's callbacks, each handed the SlirpNetwork as `opaque`.
struct SlirpNetwork::Callbacks {
  static SlirpNetwork& self(void* opaque) { return *static_cast<SlirpNetwork*>(opaque); }

  static ssize_t send_packet(const void* buf, size_t len, void* opaque) {
    self(opaque).deliver(std::span(static_cast<const uint8_t*>(buf), len));
    return static_cast<ssize_t>(len);
  }
  static void guest_error(const char*, void*) {}  // the guest's own business
  static int64_t clock_get_ns(void*) { return monotonic_ns(); }
  static void* timer_new_opaque(SlirpTimerId id, void* cb_opaque, void* opaque) {
    auto timer = std::make_unique<Timer>(Timer{id, cb_opaque});
    Timer* raw = timer.get();
    self(opaque).timers_.push_back(std::move(timer));
    return raw;
  }
  static void timer_free(void* timer, void* opaque) {
    auto& timers = self(opaque).timers_;
    std::erase_if(timers, [timer](const std::unique_ptr<Timer>& t) { return t.get() == timer; });
  }
  static void timer_mod(void* timer, int64_t expire_ms, void*) {
    static_cast<Timer*>(timer)->expire_ms = expire_ms;
  }
  static void register_poll_fd(int, void*) {}
  static void unregister_poll_fd(int, void*) {}
  static void notify(void* opaque) { self(opaque).wake(); }

  static int add_poll(int fd, int events, void* opaque) {
    short ev = 0;
    if (events & SLIRP_POLL_IN) ev |= POLLIN;
    if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
    if (events & SLIRP_POLL_ERR) ev |= POLLERR;
    if (events & SLIRP_POLL_HUP) ev |= POLLHUP;
    auto& fds = self(opaque).pollfds_;
    fds.push_back({fd, ev, 0});
    return static_cast<int>(fds.size() - 1);
  }
  static int get_revents(int idx, void* opaque) {
    const auto& fds = self(opaque).pollfds_;
    if (idx < 0 || static_cast<size_t>(idx) >= fds.size()) return 0;
    const short rev = fds[idx].revents;
    int events = 0;
    if (rev & POLLIN) events |= SLIRP_POLL_IN;
    if (rev & POLLOUT) events |= SLIRP_POLL_OUT;
    if (rev & POLLPRI) events |= SLIRP_POLL_PRI;
    if (rev & POLLERR) events |= SLIRP_POLL_ERR;
    if (rev & POLLHUP) events |= SLIRP_POLL_HUP;
    return events;
  }

  static const SlirpCb* table() {
    static const SlirpCb cb = [] {
      SlirpCb c{};
      c.send_packet = send_packet;
      c.guest_error = guest_error;
      c.clock_get_ns = clock_get_ns;
      c.timer_free = timer_free;
      c.timer_mod = timer_mod;
      c.register_poll_fd = register_poll_fd;
      c.unregister_poll_fd = unregister_poll_fd;
      c.notify = notify;
      c.timer_new_opaque = timer_new_opaque;
      return c;
    }();
    return &cb;
  }
};

SlirpNetwork::SlirpNetwork(const UserNetConfig& config) : config_(config) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw user_error("user networking: cannot create an eventfd: {}", std::strerror(errno));
  try {
    start(/*restarting=*/false);
  } catch (...) {
    close(wake_fd_);
    throw;
  }
}

SlirpNetwork::~SlirpNetwork() {
  stop();
  close(wake_fd_);
}

void SlirpNetwork::start(bool restarting) {
  SlirpConfig cfg{};
  cfg.version = 4;  // timer_new_opaque
  cfg.restricted = 0;
  cfg.in_enabled = true;
  cfg.vnetwork = ipv4("10.0.2.0");
  cfg.vnetmask = ipv4("255.255.255.0");
  cfg.vhost = ipv4("10.0.2.2");
  cfg.vdhcp_start = ipv4("10.0.2.15");
  cfg.vnameserver = ipv4("10.0.2.3");
  cfg.in6_enabled = false;
  cfg.disable_host_loopback = false;  // 10.0.2.2 reaches the host's 127.0.0.1
  slirp_ = slirp_new(&cfg, Callbacks::table(), this);
  if (!slirp_) throw user_error("user networking: libslirp failed to start");
  for (const HostForward& f : config_.forwards) {
    if (slirp_add_hostfwd(slirp_, f.udp, f.host_addr, f.host_port, f.guest_addr, f.guest_port) < 0) {
      const int err = errno;
      const std::string why =
          fmt::format("--net user,hostfwd={}: cannot listen on host port {}{}", f.text, f.host_port,
                      err ? fmt::format(": {}", std::strerror(err)) : " (in use?)");
      if (restarting) {  // the run goes on without this forward
        fmt::print(stderr, "microvm: warning: {}\n", why);
        continue;
      }
      slirp_cleanup(slirp_);
      slirp_ = nullptr;
      timers_.clear();
      throw user_error("{}", why);
    }
  }
  stopping_.store(false);
  thread_ = std::thread([this] { loop(); });
}

void SlirpNetwork::stop() {
  stopping_.store(true);
  wake();
  if (thread_.joinable()) thread_.join();
  if (slirp_) slirp_cleanup(slirp_);  // closes every socket: the host's ends of the guest's connections
  slirp_ = nullptr;
  timers_.clear();  // a new instance starts its own
  std::lock_guard lock(tx_mutex_);
  tx_.clear();  // frames of the old connections
}

// The guest went back in time, while the host's ends of its connections stayed open: a guest that
// picks the same source port again would meet a socket still closing (a refused connection), and
// the host's peers would wait on connections that are gone. A new instance has none; the forwarded
// ports are listened on again (their sockets reuse the address). Called between runs, with no hart
// sending.
void SlirpNetwork::reset_connections() {
  stop();
  start(/*restarting=*/true);
}

void SlirpNetwork::wake() {
  const uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void SlirpNetwork::send(std::span<const uint8_t> frame) {
  {
    std::lock_guard lock(tx_mutex_);
    if (tx_.size() >= kMaxQueuedFrames) return;  // the stack is behind: drop, as a full link would
    tx_.emplace_back(frame.begin(), frame.end());
  }
  wake();
}

void SlirpNetwork::loop() {
  std::deque<std::vector<uint8_t>> frames;
  while (!stopping_.load()) {
    pollfds_.clear();
    pollfds_.push_back({wake_fd_, POLLIN, 0});
    uint32_t timeout_ms = 1000;
    slirp_pollfds_fill(slirp_, &timeout_ms, Callbacks::add_poll, this);
    const int64_t now_ms = monotonic_ns() / 1'000'000;
    for (const auto& t : timers_) {
      if (t->expire_ms >= 0)
        timeout_ms = static_cast<uint32_t>(std::clamp<int64_t>(t->expire_ms - now_ms, 0, timeout_ms));
    }
    const int ready = poll(pollfds_.data(), pollfds_.size(), static_cast<int>(timeout_ms));
    if (ready < 0 && errno != EINTR) break;
    if (pollfds_[0].revents & POLLIN) {
      uint64_t count;
      (void)!::read(wake_fd_, &count, sizeof count);
    }
    {
      std::lock_guard lock(tx_mutex_);
      frames.swap(tx_);
    }
    for (const auto& frame : frames) slirp_input(slirp_, frame.data(), static_cast<int>(frame.size()));
    frames.clear();
    slirp_pollfds_poll(slirp_, ready < 0, Callbacks::get_revents, this);
    // Fire expired timers; a handler may free or create timers, so look them up afresh.
    const int64_t after_ms = monotonic_ns() / 1'000'000;
    std::vector<Timer*> due;
    for (const auto& t : timers_) {
      if (t->expire_ms >= 0 && t->expire_ms <= after_ms) due.push_back(t.get());
    }
    for (Timer* t : due) {
      const bool alive =
          std::any_of(timers_.begin(), timers_.end(), [t](const auto& p) { return p.get() == t; });
      if (!alive || t->expire_ms < 0) continue;
      t->expire_ms = -1;
      slirp_handle_timer(slirp_, t->id, t->cb_opaque);
    }
  }
}

}  // namespace microvm
