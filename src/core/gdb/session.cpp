#include "core/gdb/session.h"

#include <fmt/format.h>

#include <algorithm>

namespace microvm::gdb {
namespace {

constexpr std::string_view kError = "E01";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "ADDR,LEN" (and what follows, in `rest`).
bool parse_address_length(std::string_view args, uint64_t& address, uint64_t& length,
                          std::string_view* rest) {
  const size_t comma = args.find(',');
  if (comma == std::string_view::npos) return false;
  size_t end = args.find_first_of(":;", comma);
  if (end == std::string_view::npos) end = args.size();
  if (!parse_hex(args.substr(0, comma), address) ||
      !parse_hex(args.substr(comma + 1, end - comma - 1), length))
    return false;
  if (rest) *rest = end < args.size() ? args.substr(end + 1) : std::string_view{};
  return true;
}

}  // namespace

std::string Session::handle(const PacketReader::Event& event) {
  switch (event.kind) {
    case PacketReader::Event::kInterrupt:
      if (running_) target_.stop();
      return {};
    case PacketReader::Event::kBadChecksum: return no_ack_ ? std::string{} : std::string("-");
    case PacketReader::Event::kOversized: return (no_ack_ ? "" : "+") + send(kError);
    case PacketReader::Event::kPacket: break;
  }
  std::string out = no_ack_ ? "" : "+";
  if (running_) return out;  // all-stop: nothing but a break-in is expected while running
  const std::string payload = reply(event.payload);
  if (running_) return out;  // the stop reply answers it
  return out + send(payload);
}

std::string Session::stopped(const StopEvent& event) {
  running_ = false;
  last_stop_ = event;
  if (event.kind == StopEvent::kExited) finished_ = true;
  if (event.kind != StopEvent::kExited) g_thread_ = static_cast<int>(event.thread);
  return send(stop_reply(event));
}

std::string Session::stop_reply(const StopEvent& event) const {
  if (event.kind == StopEvent::kExited) return fmt::format("W{:02x}", event.exit_code & 0xFF);
  std::string reply = fmt::format("T{:02x}thread:{:x};", event.signal, event.thread + 1);
  switch (event.kind) {
    case StopEvent::kSoftwareBreak: reply += "swbreak:;"; break;
    case StopEvent::kHardwareBreak: reply += "hwbreak:;"; break;
    case StopEvent::kWatch: {
      const char* name = event.watch == BreakKind::kRead     ? "rwatch"
                         : event.watch == BreakKind::kAccess ? "awatch"
                                                             : "watch";
      reply += fmt::format("{}:{:x};", name, event.address);
      break;
    }
    case StopEvent::kHistoryStart: reply += "replaylog:begin;"; break;
    default: break;
  }
  return reply;
}

bool Session::parse_thread(std::string_view text, int& thread) const {
  if (text == "-1") {
    thread = -1;
    return true;
  }
  uint64_t id;
  if (!parse_hex(text, id)) return false;
  if (id == 0) {
    thread = -1;  // "any thread"
    return true;
  }
  if (id > target_.threads()) return false;
  thread = static_cast<int>(id - 1);
  return true;
}

unsigned Session::register_thread() const {
  return g_thread_ < 0 ? last_stop_.thread : static_cast<unsigned>(g_thread_);
}

std::string Session::reply(std::string_view packet) {
  if (packet.empty()) return "";
  const char command = packet[0];
  const std::string_view args = packet.substr(1);
  switch (command) {
    case '?': return stop_reply(last_stop_);
    case 'q':
    case 'Q': return query(packet);
    case 'v': {
      if (packet == "vCont?") return "vCont;c;C;s;S;t";
      if (starts_with(packet, "vCont;")) return vcont(packet.substr(6));
      if (starts_with(packet, "vKill")) {
        target_.kill();
        finished_ = true;
        return "OK";
      }
      return "";
    }
    case 'H': {
      if (args.size() < 2) return std::string(kError);
      int thread;
      if (!parse_thread(args.substr(1), thread)) return std::string(kError);
      if (args[0] == 'g') {
        g_thread_ = thread;
      } else if (args[0] == 'c') {
        c_thread_ = thread;
      } else {
        return std::string(kError);
      }
      return "OK";
    }
    case 'T': {
      int thread;
      return parse_thread(args, thread) && thread >= 0 ? "OK" : std::string(kError);
    }
    case 'g': return read_registers();
    case 'G': return write_registers(args);
    case 'p': {
      uint64_t regnum;
      std::vector<uint8_t> bytes;
      if (!parse_hex(args, regnum) || regnum > 0xFFFF) return std::string(kError);
      if (!target_.read_register(register_thread(), static_cast<unsigned>(regnum), bytes))
        return std::string(kError);
      return to_hex(bytes.data(), bytes.size());
    }
    case 'P': {
      const size_t eq = args.find('=');
      uint64_t regnum;
      std::vector<uint8_t> bytes;
      if (eq == std::string_view::npos || !parse_hex(args.substr(0, eq), regnum) || regnum > 0xFFFF ||
          !from_hex(args.substr(eq + 1), bytes))
        return std::string(kError);
      return target_.write_register(register_thread(), static_cast<unsigned>(regnum), bytes)
                 ? "OK"
                 : std::string(kError);
    }
    case 'm': return read_memory(args);
    case 'M': return write_memory(args, false);
    case 'X': return write_memory(args, true);
    case 'Z': return breakpoint(args, true);
    case 'z': return breakpoint(args, false);
    case 'c':
    case 'C': return resume_all(ResumeAction::kContinue, -1);
    case 's':
    case 'S':
      return resume_all(ResumeAction::kStep,
                        c_thread_ >= 0 ? c_thread_ : static_cast<int>(register_thread()));
    case 'b': {
      // bs / bc: reverse step and continue, answered at once with the stop they end in.
      if ((args != "s" && args != "c") || !target_.can_reverse()) return "";
      const StopEvent event =
          target_.reverse(args == "s", c_thread_ >= 0 ? static_cast<unsigned>(c_thread_) : register_thread());
      last_stop_ = event;
      if (event.kind == StopEvent::kExited) finished_ = true;
      if (event.kind != StopEvent::kExited) g_thread_ = static_cast<int>(event.thread);
      return stop_reply(event);
    }
    case 'D':
      target_.clear_breakpoints();
      target_.resume(std::vector<ResumeAction>(target_.threads(), ResumeAction::kContinue));
      finished_ = true;
      return "OK";
    case 'k':
      target_.kill();
      finished_ = true;
      return "";
    default: return "";
  }
}

std::string Session::query(std::string_view packet) {
  if (starts_with(packet, "qSupported"))
    return fmt::format(
        "PacketSize={:x};QStartNoAckMode+;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+{}",
        kMaxPacket, target_.can_reverse() ? ";ReverseStep+;ReverseContinue+" : "");
  if (packet == "QStartNoAckMode") {
    no_ack_ = true;
    return "OK";
  }
  if (packet == "qfThreadInfo") {
    std::string reply = "m";
    for (unsigned t = 0; t < target_.threads(); ++t) reply += fmt::format("{}{:x}", t ? "," : "", t + 1);
    return reply;
  }
  if (packet == "qsThreadInfo") return "l";
  if (packet == "qC") return fmt::format("QC{:x}", register_thread() + 1);
  if (starts_with(packet, "qAttached")) return "1";
  if (starts_with(packet, "qThreadExtraInfo,")) {
    int thread;
    if (!parse_thread(packet.substr(17), thread) || thread < 0) return std::string(kError);
    return to_hex(target_.thread_description(static_cast<unsigned>(thread)));
  }
  if (starts_with(packet, "qXfer:features:read:")) {
    std::string_view rest = packet.substr(20);
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos || rest.substr(0, colon) != "target.xml") return "E00";
    uint64_t offset, length;
    if (!parse_address_length(rest.substr(colon + 1), offset, length, nullptr)) return std::string(kError);
    const std::string xml = target_.target_xml();
    if (offset >= xml.size()) return "l";
    length = std::min<uint64_t>(length, kMaxPacket / 2);
    const std::string chunk = xml.substr(offset, length);
    return (offset + chunk.size() < xml.size() ? "m" : "l") + chunk;
  }
  if (starts_with(packet, "qRcmd,")) {
    std::vector<uint8_t> bytes;
    if (!from_hex(packet.substr(6), bytes)) return std::string(kError);
    std::string output = target_.monitor(std::string(bytes.begin(), bytes.end()));
    if (output.empty()) return "OK";
    if (output.size() > kMaxPacket / 2 - 1) output.resize(kMaxPacket / 2 - 1);
    return to_hex(output);
  }
  if (packet == "qSymbol::") return "OK";
  return "";
}

std::string Session::vcont(std::string_view args) {
  const unsigned n = target_.threads();
  std::vector<ResumeAction> actions(n, ResumeAction::kStay);
  std::vector<bool> decided(n, false);
  while (!args.empty()) {
    const size_t semi = args.find(';');
    const std::string_view item = args.substr(0, semi);
    args = semi == std::string_view::npos ? std::string_view{} : args.substr(semi + 1);
    if (item.empty()) return std::string(kError);
    ResumeAction action;
    switch (item[0]) {
      case 'c':
      case 'C': action = ResumeAction::kContinue; break;
      case 's':
      case 'S': action = ResumeAction::kStep; break;
      case 't': action = ResumeAction::kStay; break;
      default: return std::string(kError);
    }
    const size_t colon = item.find(':');
    int thread = -1;
    if (colon != std::string_view::npos && !parse_thread(item.substr(colon + 1), thread))
      return std::string(kError);
    // The leftmost action that names a thread wins for it (the protocol's rule).
    for (unsigned t = 0; t < n; ++t) {
      if ((thread < 0 || static_cast<unsigned>(thread) == t) && !decided[t]) {
        actions[t] = action;
        decided[t] = true;
      }
    }
  }
  if (std::all_of(actions.begin(), actions.end(), [](ResumeAction a) { return a == ResumeAction::kStay; }))
    return std::string(kError);  // nothing would run, and no stop would ever come
  target_.resume(actions);
  running_ = true;
  return "";
}

std::string Session::resume_all(ResumeAction action, int thread) {
  std::vector<ResumeAction> actions(target_.threads(), ResumeAction::kContinue);
  if (action == ResumeAction::kStep) {
    actions.assign(actions.size(), ResumeAction::kStay);
    actions.at(static_cast<unsigned>(thread)) = ResumeAction::kStep;
  }
  target_.resume(actions);
  running_ = true;
  return "";
}

std::string Session::read_registers() {
  std::string reply;
  std::vector<uint8_t> bytes;
  for (unsigned r = 0; r < target_.general_registers(); ++r) {
    if (!target_.read_register(register_thread(), r, bytes)) return std::string(kError);
    reply += to_hex(bytes.data(), bytes.size());
  }
  return reply;
}

std::string Session::write_registers(std::string_view hex) {
  std::vector<uint8_t> all;
  if (!from_hex(hex, all)) return std::string(kError);
  size_t offset = 0;
  std::vector<uint8_t> bytes;
  for (unsigned r = 0; r < target_.general_registers() && offset < all.size(); ++r) {
    if (!target_.read_register(register_thread(), r, bytes)) return std::string(kError);
    if (offset + bytes.size() > all.size()) return std::string(kError);
    bytes.assign(all.begin() + static_cast<long>(offset),
                 all.begin() + static_cast<long>(offset + bytes.size()));
    offset += bytes.size();
    if (!target_.write_register(register_thread(), r, bytes)) return std::string(kError);
  }
  return "OK";
}

std::string Session::read_memory(std::string_view args) {
  uint64_t address, length;
  if (!parse_address_length(args, address, length, nullptr)) return std::string(kError);
  if (length > kMaxPacket / 2) return std::string(kError);
  std::vector<uint8_t> bytes;
  if (!target_.read_memory(register_thread(), address, length, bytes)) return "E14";
  return to_hex(bytes.data(), bytes.size());
}

std::string Session::write_memory(std::string_view args, bool binary) {
  uint64_t address, length;
  std::string_view data;
  if (!parse_address_length(args, address, length, &data)) return std::string(kError);
  std::vector<uint8_t> bytes;
  if (binary) {
    bytes.assign(data.begin(), data.end());
  } else if (!from_hex(data, bytes)) {
    return std::string(kError);
  }
  if (bytes.size() != length) return std::string(kError);
  if (length == 0) return "OK";
  return target_.write_memory(register_thread(), address, bytes) ? "OK" : "E14";
}

std::string Session::breakpoint(std::string_view args, bool insert) {
  if (args.size() < 2 || args[1] != ',' || args[0] < '0' || args[0] > '4') return "";
  const auto kind = static_cast<BreakKind>(args[0] - '0');
  uint64_t address, length;
  if (!parse_address_length(args.substr(2), address, length, nullptr)) return std::string(kError);
  const bool ok = insert ? target_.add_breakpoint(kind, address, length)
                         : target_.remove_breakpoint(kind, address, length);
  return ok ? "OK" : std::string(kError);
}

}  // namespace microvm::gdb
