// An interrupt wire. A device drives it; whoever built the machine decided where it goes
// (a PLIC source, a hart's mip bit, a LampVM vector), so a device never names its receiver. The
// line carries the number it has at its receiver (a PLIC source number), which is what a device
// says in its device-tree node.
#pragma once

#include <functional>
#include <utility>

namespace microvm {

class IrqLine {
 public:
  IrqLine() = default;
  explicit IrqLine(std::function<void(bool)> sink, unsigned number = 0)
      : sink_(std::move(sink)), number_(number) {}

  void set(bool level) const {
    if (sink_) sink_(level);
  }
  void raise() const { set(true); }
  void lower() const { set(false); }
  bool connected() const { return static_cast<bool>(sink_); }
  unsigned number() const { return number_; }  // 0: not numbered

 private:
  std::function<void(bool)> sink_;
  unsigned number_ = 0;
};

}  // namespace microvm
