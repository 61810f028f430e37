#include "riscv/monitor.h"

#include <fmt/format.h>
#include <linux/input-event-codes.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <sstream>
#include <stdexcept>

#include "core/error.h"
#include "devices/virtio/input_keys.h"
#include "devices/virtio/virtio_input.h"
#include "riscv/debug_memory.h"
#include "riscv/disasm.h"
#include "riscv/hart.h"
#include "riscv/virt_board.h"

namespace microvm::riscv {
namespace {

constexpr const char* kHelp =
    "help                      this list\n"
    "info harts                every hart: pc, mode, state\n"
    "info regs|fregs|csrs      the selected hart's registers\n"
    "info tlb                  the selected hart's TLB entries\n"
    "info mem                  the selected hart's virtual memory map (page tables)\n"
    "info devices              the physical address map\n"
    "hart N                    select hart N\n"
    "x/Nfu ADDR                examine virtual memory (f: x d u c i, u: b h w g)\n"
    "xp/Nfu ADDR               the same, physical\n"
    "disasm [ADDR] [N]         N instructions from ADDR (default: pc, 8)\n"
    "walk VA                   the page-table walk for VA, level by level\n"
    "stop | cont | step [N]    stop every hart, resume, step the selected hart\n"
    "break ADDR | delete [ADDR]  a breakpoint (delete: one, or all)\n"
    "rewind N                  back N instructions of the selected hart (time travel)\n"
    "goto INSN                 to where the selected hart had run INSN instructions (time travel)\n"
    "info checkpoints          time travel's history: checkpoints, memory, where it starts\n"
    "info digest               a SHA-256 of the whole machine (RAM, harts, devices): equal, the same state\n"
    "trace on|off              print every instruction the harts run (stderr)\n"
    "savevm FILE               save a snapshot of the machine to FILE (the run goes on)\n"
    "loadvm FILE               load a snapshot of this machine from FILE, and go on from it\n"
    "sendkey KEYS              press and release keys on the keyboard (a, ctrl-c, ctrl-alt-delete...)\n"
    "mouse_move X Y [DZ]       put the tablet's pointer at pixel X,Y; turn the wheel DZ notches\n"
    "mouse_button STATE        the tablet's buttons down: 1 left, 2 right, 4 middle, added (0: none)\n"
    "screendump FILE           save the screen to FILE (PNG)\n"
    "quit                      end the run\n";

const char* mode_name(Priv p) { return p == Priv::M ? "M" : p == Priv::S ? "S" : "U"; }

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace

const char* const Monitor::kRegisterNames[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
    "a6",   "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

const std::vector<Monitor::CsrName>& Monitor::csr_names() {
  static const std::vector<CsrName> names = [] {
    std::vector<CsrName> n = {
        {csr::kFflags, "fflags"},
        {csr::kFrm, "frm"},
        {csr::kFcsr, "fcsr"},
        {csr::kCycle, "cycle"},
        {csr::kTime, "time"},
        {csr::kInstret, "instret"},
        {csr::kSstatus, "sstatus"},
        {csr::kSie, "sie"},
        {csr::kStvec, "stvec"},
        {csr::kScounteren, "scounteren"},
        {csr::kSenvcfg, "senvcfg"},
        {csr::kSscratch, "sscratch"},
        {csr::kSepc, "sepc"},
        {csr::kScause, "scause"},
        {csr::kStval, "stval"},
        {csr::kSip, "sip"},
        {csr::kStimecmp, "stimecmp"},
        {csr::kSatp, "satp"},
        {csr::kMvendorid, "mvendorid"},
        {csr::kMarchid, "marchid"},
        {csr::kMimpid, "mimpid"},
        {csr::kMhartid, "mhartid"},
        {csr::kMconfigptr, "mconfigptr"},
        {csr::kMstatus, "mstatus"},
        {csr::kMisa, "misa"},
        {csr::kMedeleg, "medeleg"},
        {csr::kMideleg, "mideleg"},
        {csr::kMie, "mie"},
        {csr::kMtvec, "mtvec"},
        {csr::kMcounteren, "mcounteren"},
        {csr::kMenvcfg, "menvcfg"},
        {csr::kMcountinhibit, "mcountinhibit"},
        {csr::kMscratch, "mscratch"},
        {csr::kMepc, "mepc"},
        {csr::kMcause, "mcause"},
        {csr::kMtval, "mtval"},
        {csr::kMip, "mip"},
        {csr::kPmpcfg0, "pmpcfg0"},
        {csr::kPmpcfg0 + 2, "pmpcfg2"},
        {csr::kMcycle, "mcycle"},
        {csr::kMinstret, "minstret"},
    };
    static const char* const kPmpaddr[16] = {
        "pmpaddr0", "pmpaddr1", "pmpaddr2",  "pmpaddr3",  "pmpaddr4",  "pmpaddr5",  "pmpaddr6",  "pmpaddr7",
        "pmpaddr8", "pmpaddr9", "pmpaddr10", "pmpaddr11", "pmpaddr12", "pmpaddr13", "pmpaddr14", "pmpaddr15"};
    for (uint16_t i = 0; i < 16; ++i) n.push_back({static_cast<uint16_t>(csr::kPmpaddr0 + i), kPmpaddr[i]});
    return n;
  }();
  return names;
}

Hart& Monitor::hart() { return board_.hart(selected_); }

uint64_t Monitor::address(const std::string& text) {
  if (text == "pc" || text == "$pc") return hart().pc;
  for (unsigned r = 0; r < 32; ++r) {
    if (text == kRegisterNames[r] ||
        (text.size() > 1 && text[0] == '$' && text.substr(1) == kRegisterNames[r]))
      return hart().x[r];
  }
  size_t used = 0;
  uint64_t value = 0;
  try {
    value = std::stoull(text, &used, 0);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-')
    throw std::invalid_argument("bad address '" + text + "'");
  return value;
}

std::string Monitor::execute(const std::string& line) {
  std::lock_guard lock(mutex_);
  const std::vector<std::string> words = split(line);
  if (words.empty()) return "";
  try {
    return run(words);
  } catch (const std::invalid_argument& e) {
    return fmt::format("error: {}\n", e.what());
  }
}

std::string Monitor::run(const std::vector<std::string>& words) {
  const std::string& cmd = words[0];
  std::string out;
  if (cmd == "help" || cmd == "?") return kHelp;
  if (cmd == "info") {
    const bool stopped = debug_.stopped();  // before the moment's pause that looking takes
    debug_.with_stopped([&] { out = info(words, stopped); });
    return out;
  }
  if (cmd == "hart") {
    if (words.size() != 2) return "usage: hart N\n";
    const uint64_t n = address(words[1]);
    if (n >= board_.harts())
      return fmt::format("error: no hart {} (the machine has {})\n", n, board_.harts());
    selected_ = static_cast<unsigned>(n);
    return fmt::format("hart {} selected\n", n);
  }
  if (cmd.rfind("x/", 0) == 0 || cmd == "x" || cmd.rfind("xp/", 0) == 0 || cmd == "xp") {
    const bool physical = cmd[1] == 'p';
    const size_t slash = cmd.find('/');
    const std::string format = slash == std::string::npos ? "" : cmd.substr(slash + 1);
    debug_.with_stopped([&] { out = examine(format, words, physical); });
    return out;
  }
  if (cmd == "disasm") {
    debug_.with_stopped([&] { out = disasm(words); });
    return out;
  }
  if (cmd == "walk") {
    if (words.size() != 2) return "usage: walk VA\n";
    debug_.with_stopped([&] { out = describe_walk(hart(), address(words[1])); });
    return out;
  }
  if (cmd == "stop") return stop();
  if (cmd == "cont" || cmd == "c") {
    if (!debug_.stopped()) return "already running\n";
    debug_.resume(std::vector<gdb::ResumeAction>(board_.harts(), gdb::ResumeAction::kContinue));
    return "running\n";
  }
  if (cmd == "step" || cmd == "s") {
    const uint64_t n = words.size() > 1 ? address(words[1]) : 1;
    if (n == 0 || n > 1'000'000) return "usage: step [N], N from 1 to 1000000\n";
    return step(static_cast<unsigned>(n));
  }
  if (cmd == "rewind" || cmd == "goto") return travel(words);
  if (cmd == "break" || cmd == "b") return breakpoint(words, true);
  if (cmd == "delete" || cmd == "d") return breakpoint(words, false);
  if (cmd == "trace") {
    if (words.size() != 2 || (words[1] != "on" && words[1] != "off")) return "usage: trace on|off\n";
    debug_.with_stopped([&] { debug_.set_trace(words[1] == "on"); });
    return fmt::format("trace {}\n", words[1]);
  }
  if (cmd == "savevm" || cmd == "loadvm") {
    if (words.size() != 2) return fmt::format("usage: {} FILE\n", cmd);
    if (cmd == "loadvm" && board_.time_travelling())
      return "error: loadvm is not available with time travel on (its history is this run's)\n";
    auto done = std::make_shared<std::promise<std::string>>();
    std::future<std::string> result = done->get_future();
    board_.request_snapshot({cmd == "loadvm", words[1], done});
    // The run loop does it between two runs of the harts; a machine stopped under GDB does it too.
    if (result.wait_for(std::chrono::seconds(120)) != std::future_status::ready)
      return fmt::format("{}: still waiting for the machine to pause\n", cmd);
    try {
      return result.get() + "\n";
    } catch (const std::future_error&) {
      return fmt::format("{}: the run ended first\n", cmd);
    }
  }
  if (cmd == "sendkey") return sendkey(words);
  if (cmd == "mouse_move") return mouse_move(words);
  if (cmd == "mouse_button") return mouse_button(words);
  if (cmd == "screendump") return screendump(words);
  if (cmd == "quit" || cmd == "q") {
    board_.run_control().request_stop(StopReason::kUserQuit, 0, "quit from the monitor");
    return "";
  }
  return fmt::format("unknown command '{}' (try help)\n", cmd);
}

std::string Monitor::info(const std::vector<std::string>& words, bool stopped) {
  const std::string what = words.size() > 1 ? words[1] : "";
  Hart& h = hart();
  std::string out;
  if (what == "harts") {
    for (unsigned i = 0; i < board_.harts(); ++i)
      out += fmt::format("{} {}\n", i == selected_ ? '*' : ' ', board_.hart(i).describe(stopped));
  } else if (what == "regs") {
    out += fmt::format("hart {} pc={:#018x} mode={}\n", selected_, h.pc, mode_name(h.priv));
    for (unsigned r = 0; r < 32; ++r)
      out += fmt::format("x{:<2} {:>4}={:016x}{}", r, kRegisterNames[r], h.x[r], r % 4 == 3 ? "\n" : "  ");
  } else if (what == "fregs") {
    for (unsigned r = 0; r < 32; ++r)
      out += fmt::format("f{:<2}={:016x}{}", r, h.f[r], r % 4 == 3 ? "\n" : "  ");
    out += fmt::format("fcsr={:#x} (frm={} fflags={:#x})\n", h.csr.frm << 5 | h.csr.fflags, h.csr.frm,
                       h.csr.fflags);
  } else if (what == "csrs") {
    for (const CsrName& c : csr_names()) {
      uint64_t value;
      if (h.debug_csr_read(c.number, value)) out += fmt::format("{:<14} {:#x}\n", c.name, value);
    }
  } else if (what == "tlb") {
    out = h.describe_tlb();
  } else if (what == "mem") {
    out = describe_mappings(h);
  } else if (what == "checkpoints") {
    out = checkpoints();
  } else if (what == "digest") {
    out = digest();
  } else if (what == "devices") {
    const Ram& ram = board_.ram();
    out += fmt::format("{:#010x}-{:#010x} ram ({} MiB)\n", ram.base(), ram.end(), ram.size() >> 20);
    for (const Bus::Mapping& m : board_.bus().mappings())
      out += fmt::format("{:#010x}-{:#010x} {}\n", m.base, m.base + m.size, m.device->name());
  } else {
    out = "usage: info harts|regs|fregs|csrs|tlb|mem|devices|checkpoints|digest\n";
  }
  return out;
}

std::string Monitor::examine(const std::string& format, const std::vector<std::string>& words,
                             bool physical) {
  if (words.size() != 2) return "usage: x/Nfu ADDR (f: x d u c i; u: b h w g)\n";
  size_t pos = 0;
  unsigned count = 0;
  while (pos < format.size() && std::isdigit(static_cast<unsigned char>(format[pos])))
    count = count * 10 + static_cast<unsigned>(format[pos++] - '0');
  if (pos == 0) count = 1;
  char fmt_char = 'x', unit = 'w';
  for (; pos < format.size(); ++pos) {
    const char c = format[pos];
    if (std::string_view("xduci").find(c) != std::string_view::npos) {
      fmt_char = c;
    } else if (std::string_view("bhwg").find(c) != std::string_view::npos) {
      unit = c;
    } else {
      return fmt::format("error: bad format '{}' (f: x d u c i; u: b h w g)\n", format);
    }
  }
  if (count == 0 || count > 4096) return "error: count must be 1 to 4096\n";
  const uint64_t start = address(words[1]);
  if (fmt_char == 'i') return disasm({"disasm", words[1], std::to_string(count)});
  const unsigned size = unit == 'b' ? 1 : unit == 'h' ? 2 : unit == 'w' ? 4 : 8;
  if (fmt_char == 'c') unit = 'b';
  std::vector<uint8_t> bytes;
  if (!debug_read(hart(), start, uint64_t{count} * size, bytes, physical) ||
      bytes.size() < uint64_t{count} * size)
    return fmt::format("error: cannot read {:#x}\n", start);
  std::string out;
  const unsigned per_line = 16 / size;
  for (unsigned i = 0; i < count; ++i) {
    if (i % per_line == 0) out += fmt::format("{}{:016x}:", i ? "\n" : "", start + uint64_t{i} * size);
    uint64_t v = 0;
    for (unsigned b = 0; b < size; ++b) v |= uint64_t{bytes[i * size + b]} << (8 * b);
    const int64_t sv = static_cast<int64_t>(v << (64 - 8 * size)) >> (64 - 8 * size);
    switch (fmt_char) {
      case 'd': out += fmt::format(" {}", sv); break;
      case 'u': out += fmt::format(" {}", v); break;
      case 'c': out += fmt::format(" {:?}", static_cast<char>(v)); break;
      default: out += fmt::format(" 0x{:0{}x}", v, size * 2); break;
    }
  }
  return out + "\n";
}

std::string Monitor::disasm(const std::vector<std::string>& words) {
  uint64_t pc = words.size() > 1 ? address(words[1]) : hart().pc;
  const uint64_t n = words.size() > 2 ? address(words[2]) : 8;
  if (n == 0 || n > 1000) return "error: count must be 1 to 1000\n";
  std::string out;
  Disassembler disassembler(DisasmOptions{}, [this](uint64_t a) {
    const std::string name = symbols_ ? symbols_->describe(a) : "";
    return name.empty() ? fmt::format("{:#x}", a) : fmt::format("{:x} <{}>", a, name);
  });
  for (uint64_t i = 0; i < n; ++i) {
    std::vector<uint8_t> bytes;
    if (!debug_read(hart(), pc, 2, bytes, false) || bytes.size() < 2)
      return out + fmt::format("{:016x}: cannot read\n", pc);
    uint32_t bits = bytes[0] | bytes[1] << 8;
    unsigned len = 2;
    if ((bits & 3) == 3) {
      if (!debug_read(hart(), pc + 2, 2, bytes, false) || bytes.size() < 2)
        return out + fmt::format("{:016x}: cannot read\n", pc);
      bits |= static_cast<uint32_t>(bytes[0] | bytes[1] << 8) << 16;
      len = 4;
    }
    const uint8_t raw[4] = {static_cast<uint8_t>(bits), static_cast<uint8_t>(bits >> 8),
                            static_cast<uint8_t>(bits >> 16), static_cast<uint8_t>(bits >> 24)};
    std::string text = disassembler.text(std::span(raw, len), pc);
    std::replace(text.begin(), text.end(), '\t', ' ');
    const std::string symbol = symbols_ ? symbols_->describe(pc) : "";
    out += fmt::format("{:016x}{}: {:<8} {}\n", pc, symbol.empty() ? "" : " <" + symbol + ">",
                       len == 4 ? fmt::format("{:08x}", bits) : fmt::format("{:04x}", bits & 0xFFFF), text);
    pc += len;
  }
  return out;
}

std::string Monitor::stop() {
  if (!debug_.stopped()) {
    gdb::StopEvent event;
    event.signal = 2;  // SIGINT, as a break-in from GDB
    event.thread = selected_;
    debug_.request_stop(event);
    if (!debug_.wait_stopped(std::chrono::seconds(10))) return "error: the harts did not stop\n";
  }
  return fmt::format("stopped; hart {} at pc={:#x} ({}-mode)\n", selected_, hart().pc,
                     mode_name(hart().priv));
}

std::string Monitor::step(unsigned count) {
  std::string out = stop();
  if (out.rfind("error", 0) == 0) return out;
  for (unsigned i = 0; i < count; ++i) {
    std::vector<gdb::ResumeAction> actions(board_.harts(), gdb::ResumeAction::kStay);
    actions[selected_] = gdb::ResumeAction::kStep;
    debug_.resume(actions);
    const auto event = debug_.wait_stopped(std::chrono::seconds(10));
    if (!event) return "error: the step did not finish\n";
    if (event->kind == gdb::StopEvent::kWatch)
      return fmt::format("watchpoint at {:#x} hit\n", event->address);
  }
  return fmt::format("hart {} at pc={:#x} ({}-mode)\n", selected_, hart().pc, mode_name(hart().priv));
}

std::string Monitor::breakpoint(const std::vector<std::string>& words, bool add) {
  if (add && words.size() != 2) return "usage: break ADDR\n";
  std::string out;
  debug_.with_stopped([&] {
    if (!add && words.size() == 1) {
      debug_.clear();
      out = "all breakpoints deleted\n";
      return;
    }
    const uint64_t a = address(words[1]);
    const DebugControl::Breakpoint b{gdb::BreakKind::kHardware, a, 4};
    if (add) {
      debug_.add(b);
      out = fmt::format("breakpoint at {:#x}\n", a);
    } else {
      out = debug_.remove(b) ? fmt::format("deleted the breakpoint at {:#x}\n", a)
                             : fmt::format("error: no breakpoint at {:#x}\n", a);
    }
  });
  return out;
}

// As QEMU's: the keys go down in order and come up in the reverse order. QEMU's optional hold
// time is accepted; the guest sees no time between the events either way.
std::string Monitor::sendkey(const std::vector<std::string>& words) {
  if (words.size() < 2 || words.size() > 3)
    return "usage: sendkey KEYS [HOLD_MS] (KEYS like a, ctrl-c, ctrl-alt-delete)\n";
  devices::VirtioInput* keyboard = board_.keyboard();
  if (!keyboard)
    return "error: the machine has no keyboard (give --keyboard, --display sdl or --screenshot)\n";
  if (board_.input_logged()) return "error: keys are not part of --record and --replay logs yet\n";
  const std::vector<uint16_t> codes = devices::parse_key_combo(words[1]);
  if (words.size() == 3) (void)address(words[2]);
  for (uint16_t code : codes) keyboard->key(code, true);
  for (auto it = codes.rbegin(); it != codes.rend(); ++it) keyboard->key(*it, false);
  return "";
}

namespace {

// A whole decimal number from lo to hi, or nothing.
std::optional<long> small_number(const std::string& text, long lo, long hi) {
  long value = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || p != end || value < lo || value > hi) return std::nullopt;
  return value;
}

const char* const kNoTablet =
    "error: the machine has no tablet (give --tablet, --display sdl or --screenshot)\n";

}  // namespace

// QEMU's mouse_move moves a relative mouse by DX DY, and does nothing to its tablet (QEMU 7.2);
// a tablet's pointer has a place, so X Y here are that place in the screen's pixels, scaled to
// the axes as QEMU scales its window's pointer. DZ turns the wheel, as QEMU's does.
std::string Monitor::mouse_move(const std::vector<std::string>& words) {
  using virt_map::kScreenHeight, virt_map::kScreenWidth;
  const std::string usage = fmt::format(
      "usage: mouse_move X Y [DZ] (X 0..{}, Y 0..{}: a pixel of the screen; DZ: wheel notches, up is +)\n",
      kScreenWidth - 1, kScreenHeight - 1);
  if (words.size() < 3 || words.size() > 4) return usage;
  devices::VirtioInput* tablet = board_.tablet();
  if (!tablet) return kNoTablet;
  if (board_.input_logged()) return "error: the pointer is not part of --record and --replay logs yet\n";
  const auto x = small_number(words[1], 0, kScreenWidth - 1),
             y = small_number(words[2], 0, kScreenHeight - 1);
  const auto dz = words.size() == 4 ? small_number(words[3], -127, 127) : std::optional<long>(0);
  if (!x || !y || !dz) return usage;
  tablet->move(devices::VirtioInput::axis(static_cast<unsigned>(*x), kScreenWidth),
               devices::VirtioInput::axis(static_cast<unsigned>(*y), kScreenHeight));
  tablet->wheel(static_cast<int32_t>(*dz));
  return "";
}

// As QEMU's: STATE is the set of buttons held (1 left, 2 right, 4 middle); the buttons that
// changed since the last mouse_button go down or up together, left, middle, right.
std::string Monitor::mouse_button(const std::vector<std::string>& words) {
  const auto state = words.size() == 2 ? small_number(words[1], 0, 7) : std::nullopt;
  if (!state) return "usage: mouse_button STATE (0..7: 1 left, 2 right, 4 middle, added)\n";
  devices::VirtioInput* tablet = board_.tablet();
  if (!tablet) return kNoTablet;
  if (board_.input_logged()) return "error: the pointer is not part of --record and --replay logs yet\n";
  const unsigned now = static_cast<unsigned>(*state);
  std::vector<devices::VirtioInput::Event> events;
  constexpr std::pair<unsigned, uint16_t> kButtons[] = {{1, BTN_LEFT}, {4, BTN_MIDDLE}, {2, BTN_RIGHT}};
  for (const auto& [bit, code] : kButtons) {
    if ((now ^ mouse_buttons_) & bit) events.push_back({EV_KEY, code, (now & bit) ? 1u : 0u});
  }
  mouse_buttons_ = now;
  tablet->send(events);
  return "";
}

std::string Monitor::screendump(const std::vector<std::string>& words) {
  if (words.size() != 2) return "usage: screendump FILE\n";
  if (!board_.has_screen() || !screen_writer_)
    return "error: the machine has no screen (give --display sdl or --screenshot)\n";
  try {
    screen_writer_(words[1]);
  } catch (const UserError& e) {
    return fmt::format("error: {}\n", e.what());
  }
  return "";
}

}  // namespace microvm::riscv
