// An interrupt wire. A device drives it; whoever built the machine decided where it goes
// (a PLIC source, a hart's mip bit, a LampVM vector), so a device never names its receiver.
#pragma once

#include <functional>
#include <utility>

namespace microvm {

class IrqLine {
 public:
  IrqLine() = default;
  explicit IrqLine(std::function<void(bool)> sink) : sink_(std::move(sink)) {}

  void set(bool level) const {
    if (sink_) sink_(level);
  }
  void raise() const { set(true); }
  void lower() const { set(false); }
  bool connected() const { return static_cast<bool>(sink_); }

 private:
  std::function<void(bool)> sink_;
};

}  // namespace microvm
