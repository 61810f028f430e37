// A network backend between a guest's card and the real backend, for deterministic runs: frames
// from the host wait here until the run loop lets them in at a point that depends only on the
// guest (take_held, then let_in), so two runs given the same frames at the same points match.
// Replaying a record, the host's network is not used at all: the guest's frames go nowhere and
// the record's frames are let in.
#pragma once

#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "core/net_backend.h"

namespace microvm {

class NetGate : public NetBackend {
 public:
  explicit NetGate(NetBackend& host) : host_(host) {
    host_.set_receiver([this](std::span<const uint8_t> frame) {
      std::lock_guard lock(mutex_);
      if (!disconnected_) held_.emplace_back(frame.begin(), frame.end());
    });
  }
  ~NetGate() override { host_.set_receiver({}); }

  void send(std::span<const uint8_t> frame) override {
    if (!disconnected_) host_.send(frame);
  }
  void reset_connections() override {
    host_.reset_connections();
    std::lock_guard lock(mutex_);
    held_.clear();  // frames of the connections just closed
  }
  // Replaying: nothing goes to the host or comes from it.
  void disconnect() {
    std::lock_guard lock(mutex_);
    disconnected_ = true;
    held_.clear();
  }
  std::deque<std::vector<uint8_t>> take_held() {
    std::lock_guard lock(mutex_);
    return std::exchange(held_, {});
  }
  void let_in(std::span<const uint8_t> frame) { deliver(frame); }

 private:
  NetBackend& host_;
  std::mutex mutex_;
  std::deque<std::vector<uint8_t>> held_;
  bool disconnected_ = false;
};

}  // namespace microvm
