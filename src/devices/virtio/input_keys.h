// Key names as QEMU's monitor spells them (sendkey's QKeyCode names: "a", "ctrl", "ret",
// "f1", "kp_enter"...) and the Linux input codes (linux/input-event-codes.h) the keyboard sends.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace microvm::devices {

struct KeyName {
  const char* name;
  uint16_t code;
};

// Every key the keyboard announces, in one table.
std::span<const KeyName> key_names();
std::optional<uint16_t> key_code(std::string_view name);

// "ctrl-alt-delete": the codes in the order they are pressed. A name that is not a key throws
// std::invalid_argument saying which.
std::vector<uint16_t> parse_key_combo(std::string_view keys);

}  // namespace microvm::devices
