#include "devices/virtio/input_keys.h"

#include <linux/input-event-codes.h>

#include <array>
#include <stdexcept>

namespace microvm::devices {
namespace {

constexpr KeyName kKeys[] = {
    {"esc", KEY_ESC},
    {"1", KEY_1},
    {"2", KEY_2},
    {"3", KEY_3},
    {"4", KEY_4},
    {"5", KEY_5},
    {"6", KEY_6},
    {"7", KEY_7},
    {"8", KEY_8},
    {"9", KEY_9},
    {"0", KEY_0},
    {"minus", KEY_MINUS},
    {"equal", KEY_EQUAL},
    {"backspace", KEY_BACKSPACE},
    {"tab", KEY_TAB},
    {"q", KEY_Q},
    {"w", KEY_W},
    {"e", KEY_E},
    {"r", KEY_R},
    {"t", KEY_T},
    {"y", KEY_Y},
    {"u", KEY_U},
    {"i", KEY_I},
    {"o", KEY_O},
    {"p", KEY_P},
    {"bracket_left", KEY_LEFTBRACE},
    {"bracket_right", KEY_RIGHTBRACE},
    {"ret", KEY_ENTER},
    {"ctrl", KEY_LEFTCTRL},
    {"a", KEY_A},
    {"s", KEY_S},
    {"d", KEY_D},
    {"f", KEY_F},
    {"g", KEY_G},
    {"h", KEY_H},
    {"j", KEY_J},
    {"k", KEY_K},
    {"l", KEY_L},
    {"semicolon", KEY_SEMICOLON},
    {"apostrophe", KEY_APOSTROPHE},
    {"grave_accent", KEY_GRAVE},
    {"shift", KEY_LEFTSHIFT},
    {"backslash", KEY_BACKSLASH},
    {"z", KEY_Z},
    {"x", KEY_X},
    {"c", KEY_C},
    {"v", KEY_V},
    {"b", KEY_B},
    {"n", KEY_N},
    {"m", KEY_M},
    {"comma", KEY_COMMA},
    {"dot", KEY_DOT},
    {"slash", KEY_SLASH},
    {"shift_r", KEY_RIGHTSHIFT},
    {"kp_multiply", KEY_KPASTERISK},
    {"alt", KEY_LEFTALT},
    {"spc", KEY_SPACE},
    {"caps_lock", KEY_CAPSLOCK},
    {"f1", KEY_F1},
    {"f2", KEY_F2},
    {"f3", KEY_F3},
    {"f4", KEY_F4},
    {"f5", KEY_F5},
    {"f6", KEY_F6},
    {"f7", KEY_F7},
    {"f8", KEY_F8},
    {"f9", KEY_F9},
    {"f10", KEY_F10},
    {"num_lock", KEY_NUMLOCK},
    {"scroll_lock", KEY_SCROLLLOCK},
    {"kp_7", KEY_KP7},
    {"kp_8", KEY_KP8},
    {"kp_9", KEY_KP9},
    {"kp_subtract", KEY_KPMINUS},
    {"kp_4", KEY_KP4},
    {"kp_5", KEY_KP5},
    {"kp_6", KEY_KP6},
    {"kp_add", KEY_KPPLUS},
    {"kp_1", KEY_KP1},
    {"kp_2", KEY_KP2},
    {"kp_3", KEY_KP3},
    {"kp_0", KEY_KP0},
    {"kp_decimal", KEY_KPDOT},
    {"less", KEY_102ND},
    {"f11", KEY_F11},
    {"f12", KEY_F12},
    {"kp_enter", KEY_KPENTER},
    {"ctrl_r", KEY_RIGHTCTRL},
    {"kp_divide", KEY_KPSLASH},
    {"print", KEY_SYSRQ},
    {"alt_r", KEY_RIGHTALT},
    {"home", KEY_HOME},
    {"up", KEY_UP},
    {"pgup", KEY_PAGEUP},
    {"left", KEY_LEFT},
    {"right", KEY_RIGHT},
    {"end", KEY_END},
    {"down", KEY_DOWN},
    {"pgdn", KEY_PAGEDOWN},
    {"insert", KEY_INSERT},
    {"delete", KEY_DELETE},
    {"pause", KEY_PAUSE},
    {"meta_l", KEY_LEFTMETA},
    {"meta_r", KEY_RIGHTMETA},
    {"menu", KEY_COMPOSE},
};

// Other spellings QEMU's sendkey accepts.
constexpr KeyName kAliases[] = {
    {"ctrl_l", KEY_LEFTCTRL}, {"shift_l", KEY_LEFTSHIFT},   {"alt_l", KEY_LEFTALT},
    {"sysrq", KEY_SYSRQ},     {"asterisk", KEY_KPASTERISK},
};

}  // namespace

std::span<const KeyName> key_names() { return kKeys; }

std::optional<uint16_t> key_code(std::string_view name) {
  for (const KeyName& k : kKeys)
    if (name == k.name) return k.code;
  for (const KeyName& k : kAliases)
    if (name == k.name) return k.code;
  return std::nullopt;
}

std::vector<uint16_t> parse_key_combo(std::string_view keys) {
  std::vector<uint16_t> codes;
  size_t start = 0;
  for (;;) {
    // "ctrl--" would be ctrl and minus in QEMU; here a key is always named, so '-' only separates.
    const size_t dash = keys.find('-', start);
    const std::string_view name = keys.substr(start, dash == std::string_view::npos ? dash : dash - start);
    const std::optional<uint16_t> code = key_code(name);
    if (!code) throw std::invalid_argument("unknown key '" + std::string(name) + "'");
    codes.push_back(*code);
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  if (codes.size() > 16) throw std::invalid_argument("more than 16 keys at once");
  return codes;
}

}  // namespace microvm::devices
