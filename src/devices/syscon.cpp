#include "devices/syscon.h"

#include <fmt/format.h>

namespace microvm::devices {

bool Syscon::read(uint64_t, unsigned, uint64_t& value) {
  value = 0;
  return true;
}

bool Syscon::write(uint64_t offset, unsigned size, uint64_t value) {
  // OpenSBI writes a 16-bit pass value; QEMU takes 16- and 32-bit writes.
  if (offset != 0 || size < 2) return true;
  const uint32_t v = static_cast<uint32_t>(value);
  switch (v & 0xFFFF) {
    case 0x5555: run_control_.request_stop(StopReason::kPowerOff, 0); break;
    case 0x3333: {
      const int code = static_cast<int>(v >> 16);
      run_control_.request_stop(StopReason::kPowerOff, code,
                                fmt::format("guest reported failure, code {}", code));
      break;
    }
    case 0x7777: run_control_.request_stop(StopReason::kReset, 0); break;
    default: break;
  }
  return true;
}

DeviceNode Syscon::device_node() const {
  DeviceNode node;
  node.name = "test";
  node.size = kSize;
  node.compatible = {"sifive,test1", "sifive,test0", "syscon"};
  node.syscon_actions = {{"poweroff", "syscon-poweroff", 0x5555}, {"reboot", "syscon-reboot", 0x7777}};
  return node;
}

}  // namespace microvm::devices
