#include "devices/htif.h"

#include <fmt/format.h>

#include <vector>

namespace microvm::devices {
namespace {
constexpr uint64_t kSysWrite = 64, kSysExit = 93;
constexpr uint64_t kMaxWrite = 1 << 20;
}  // namespace

bool Htif::read(uint64_t offset, unsigned size, uint64_t& value) {
  std::lock_guard lock(mutex_);
  value = extract_bytes(tohost_, static_cast<unsigned>(offset), size);
  return true;
}

bool Htif::write(uint64_t offset, unsigned size, uint64_t value) {
  std::lock_guard lock(mutex_);
  tohost_ = merge_bytes(tohost_, static_cast<unsigned>(offset), size, value);
  // A 64-bit store, or the high half of a pair of 32-bit stores, completes a command.
  if (offset + size == 8 && tohost_ != 0) {
    const uint64_t command_value = tohost_;
    tohost_ = 0;
    command(command_value);
  }
  return true;
}

void Htif::command(uint64_t value) {
  const uint64_t device = value >> 56, cmd = (value >> 48) & 0xFF, payload = value & ((1ull << 48) - 1);
  if (device == 0 && cmd == 0) {
    if (payload & 1) {
      const int code = static_cast<int>(payload >> 1);
      run_control_.request_stop(
          StopReason::kPowerOff, code,
          code ? fmt::format("guest reported failure through tohost, code {}", code) : "");
    } else {
      syscall(payload);
    }
  } else if (device == 1 && cmd == 1) {
    console_.put(static_cast<uint8_t>(payload));
    reply((1ull << 56) | (1ull << 48));
  }
}

void Htif::syscall(uint64_t block) {
  uint64_t args[4] = {};
  for (int i = 0; i < 4; ++i) {
    if (!bus_.ram().read(block + 8 * i, &args[i], 8)) return;
  }
  uint64_t result = static_cast<uint64_t>(-38);  // -ENOSYS
  if (args[0] == kSysWrite && (args[1] == 1 || args[1] == 2) && args[3] <= kMaxWrite) {
    std::vector<char> text(args[3]);
    if (bus_.ram().read(args[2], text.data(), text.size())) {
      console_.write(std::string_view(text.data(), text.size()));
      result = args[3];
    }
  } else if (args[0] == kSysExit) {
    const int code = static_cast<int>(args[1]);
    run_control_.request_stop(StopReason::kPowerOff, code,
                              code ? fmt::format("guest exited with code {}", code) : "");
    return;
  }
  bus_.ram().write(block, &result, 8);
  reply(1);
}

void Htif::reply(uint64_t value) {
  if (fromhost_) bus_.ram().write(fromhost_, &value, 8);
}

}  // namespace microvm::devices

namespace microvm::devices {

void Htif::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  out.u64(fromhost_);
  out.u64(tohost_);
}

void Htif::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  in.expect(in.u64(), fromhost_, "the HTIF fromhost address");
  tohost_ = in.u64();
  in.finish();
}

}  // namespace microvm::devices
