// GDB remote serial protocol framing: `$payload#cs` packets, `+`/`-` acknowledgements, the
// Ctrl-C break-in byte, `}` escaping and hex helpers. Nothing here knows about a machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace microvm::gdb {

// The largest packet we accept (and announce with PacketSize); anything longer is dropped
// and answered with an error, never buffered without bound.
constexpr size_t kMaxPacket = 16384;

// Splits a byte stream from GDB into events. Feed it what the socket gave, then take events
// until it has none.
class PacketReader {
 public:
  struct Event {
    enum Kind { kPacket, kBadChecksum, kOversized, kInterrupt } kind;
    std::string payload;  // kPacket: the payload with escapes undone
  };

  void feed(std::string_view bytes);
  std::optional<Event> next();

 private:
  enum class State { kIdle, kPayload, kChecksum1, kChecksum2 } state_ = State::kIdle;
  std::string payload_;
  bool escaped_ = false;
  bool oversized_ = false;
  bool bad_digit_ = false;
  uint8_t sum_ = 0;
  uint8_t received_sum_ = 0;
  std::vector<Event> events_;
  size_t next_event_ = 0;
};

// `$payload#cs` with the characters the protocol reserves escaped.
std::string frame(std::string_view payload);

// Hex helpers. parse_hex takes a whole string (no prefix); false when it is not hex or too long.
bool parse_hex(std::string_view text, uint64_t& value);
std::string to_hex(const uint8_t* bytes, size_t len);
std::string to_hex(std::string_view text);
bool from_hex(std::string_view text, std::vector<uint8_t>& out);
// A value as `size` little-endian bytes in hex (the register encoding for RISC-V and lamp).
std::string le_hex(uint64_t value, unsigned size);

}  // namespace microvm::gdb
