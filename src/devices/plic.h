// SiFive PLIC (as on QEMU virt): 1023 sources, 3-bit priorities, and one context per hart and
// privilege (context 2h is hart h's M-mode, 2h+1 its S-mode). The gateways behave as QEMU's:
// a source becomes pending each time its device signals the line high (IrqLine::set(true),
// also when it already was), and is not pended again at completion (docs/compatibility.md).
#pragma once

#include <array>
#include <bitset>
#include <mutex>
#include <vector>

#include "core/device.h"
#include "core/irq.h"
#include "core/snapshot.h"

namespace microvm::devices {

class Plic : public Device {
 public:
  static constexpr unsigned kSources = 1024;  // source 0 does not exist
  static constexpr unsigned kMaxPriority = 7;
  static constexpr uint64_t kSize = 0x600000;

  explicit Plic(unsigned contexts);

  // The line a device drives for `source` (1..1023).
  IrqLine source_line(unsigned source);
  // The output of `context` (to a hart's MEIP or SEIP).
  void connect_context(unsigned context, IrqLine line) { outputs_.at(context) = std::move(line); }

  std::string_view name() const override { return "plic"; }
  bool read(uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;
  DeviceNode device_node() const override;

  // Exposed for tests.
  void set_source(unsigned source, bool level);

 private:
  static constexpr uint64_t kPending = 0x1000, kEnable = 0x2000, kEnableStride = 0x80, kContext = 0x200000,
                            kContextStride = 0x1000;

  unsigned best_source(unsigned context) const;  // 0 when nothing can interrupt the context
  unsigned claim(unsigned context);
  void complete(unsigned context, unsigned source);
  void update_outputs();

  std::mutex mutex_;
  std::array<uint8_t, kSources> priority_{};
  std::bitset<kSources> pending_;
  std::bitset<kSources> in_service_;  // claimed, not yet completed: not offered again until then
  std::vector<std::bitset<kSources>> enable_;
  std::vector<uint8_t> threshold_;
  std::vector<IrqLine> outputs_;
  std::vector<int8_t> output_level_;

 public:
  // Snapshots (see core/device.h).
  void save(SnapshotWriter& out) override;
  void load(SnapshotReader& in) override;
};

}  // namespace microvm::devices
