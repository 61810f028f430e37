// Where a guest network card's frames go: a host network backend (user-mode networking with
// libslirp, or a test double). The backend lives longer than any machine that uses it, so a
// guest reboot keeps its forwarded ports.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <span>

namespace microvm {

class NetBackend {
 public:
  using Receiver = std::function<void(std::span<const uint8_t> frame)>;

  virtual ~NetBackend() = default;

  // An Ethernet frame from the guest; any thread, never blocks for long.
  virtual void send(std::span<const uint8_t> frame) = 0;

  // The guest went back to a snapshot: the connections the host holds for it are not the ones it
  // remembers, so they are closed, as a new backend would have none (forwarded ports stay).
  virtual void reset_connections() {}

  // Frames for the guest go to `receiver`, on the backend's own thread; an empty function
  // detaches it. Returns after any call to the previous receiver has finished, so a device
  // may be destroyed right after detaching.
  void set_receiver(Receiver receiver) {
    std::lock_guard lock(receiver_mutex_);
    receiver_ = std::move(receiver);
  }

  bool has_receiver() {
    std::lock_guard lock(receiver_mutex_);
    return static_cast<bool>(receiver_);
  }

 protected:
  void deliver(std::span<const uint8_t> frame) {
    std::lock_guard lock(receiver_mutex_);
    if (receiver_) receiver_(frame);
  }

 private:
  std::mutex receiver_mutex_;
  Receiver receiver_;
};

}  // namespace microvm
