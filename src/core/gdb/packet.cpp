#include "core/gdb/packet.h"

namespace microvm::gdb {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kDigits[] = "0123456789abcdef";

}  // namespace

void PacketReader::feed(std::string_view bytes) {
  for (const char ch : bytes) {
    const auto byte = static_cast<uint8_t>(ch);
    switch (state_) {
      case State::kIdle:
        if (byte == '$') {
          state_ = State::kPayload;
          payload_.clear();
          escaped_ = oversized_ = false;
          sum_ = 0;
        } else if (byte == 0x03) {
          events_.push_back({Event::kInterrupt, {}});
        }
        break;  // acks and noise between packets are ignored
      case State::kPayload:
        if (byte == '#' && !escaped_) {
          state_ = State::kChecksum1;
          break;
        }
        sum_ = static_cast<uint8_t>(sum_ + byte);
        if (payload_.size() >= kMaxPacket) {
          oversized_ = true;
          break;
        }
        if (escaped_) {
          payload_.push_back(static_cast<char>(byte ^ 0x20));
          escaped_ = false;
        } else if (byte == '}') {
          escaped_ = true;
        } else {
          payload_.push_back(static_cast<char>(byte));
        }
        break;
      case State::kChecksum1: {
        const int d = hex_digit(static_cast<char>(byte));
        bad_digit_ = d < 0;
        received_sum_ = static_cast<uint8_t>(d < 0 ? 0 : d << 4);
        state_ = State::kChecksum2;
        break;
      }
      case State::kChecksum2: {
        const int d = hex_digit(static_cast<char>(byte));
        state_ = State::kIdle;
        const bool good = d >= 0 && !bad_digit_ && static_cast<uint8_t>(received_sum_ | d) == sum_;
        if (oversized_) {
          events_.push_back({Event::kOversized, {}});
        } else if (!good) {
          events_.push_back({Event::kBadChecksum, {}});
        } else {
          events_.push_back({Event::kPacket, std::move(payload_)});
        }
        payload_.clear();
        break;
      }
    }
  }
}

std::optional<PacketReader::Event> PacketReader::next() {
  if (next_event_ == events_.size()) {
    events_.clear();
    next_event_ = 0;
    return std::nullopt;
  }
  return std::move(events_[next_event_++]);
}

std::string frame(std::string_view payload) {
  std::string out = "$";
  uint8_t sum = 0;
  for (const char c : payload) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      out.push_back('}');
      out.push_back(static_cast<char>(c ^ 0x20));
      sum = static_cast<uint8_t>(sum + '}' + (c ^ 0x20));
    } else {
      out.push_back(c);
      sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
    }
  }
  out.push_back('#');
  out.push_back(kDigits[sum >> 4]);
  out.push_back(kDigits[sum & 15]);
  return out;
}

bool parse_hex(std::string_view text, uint64_t& value) {
  if (text.empty() || text.size() > 16) return false;
  value = 0;
  for (const char c : text) {
    const int d = hex_digit(c);
    if (d < 0) return false;
    value = value << 4 | static_cast<uint64_t>(d);
  }
  return true;
}

std::string to_hex(const uint8_t* bytes, size_t len) {
  std::string out;
  out.reserve(len * 2);
  for (size_t i = 0; i < len; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

std::string to_hex(std::string_view text) {
  return to_hex(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

bool from_hex(std::string_view text, std::vector<uint8_t>& out) {
  if (text.size() % 2) return false;
  out.clear();
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return true;
}

std::string le_hex(uint64_t value, unsigned size) {
  uint8_t bytes[8];
  for (unsigned i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  return to_hex(bytes, size);
}

}  // namespace microvm::gdb
