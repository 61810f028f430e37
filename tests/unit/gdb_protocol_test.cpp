// The GDB protocol layer against a fake target: framing, checksums, escapes, and the replies
// GDB depends on.
#include <gtest/gtest.h>

#include <map>

#include "core/gdb/packet.h"
#include "core/gdb/session.h"

namespace microvm::gdb {
namespace {

class FakeTarget : public Target {
 public:
  unsigned threads() override { return 2; }
  std::string thread_description(unsigned t) override { return "hart " + std::to_string(t); }
  std::string target_xml() override { return std::string(3000, 'x') + "<end/>"; }
  unsigned general_registers() override { return 2; }
  bool read_register(unsigned thread, unsigned regnum, std::vector<uint8_t>& bytes) override {
    if (regnum > 100) return false;
    bytes.assign(8, 0);
    bytes[0] = static_cast<uint8_t>(regnum);
    bytes[1] = static_cast<uint8_t>(thread);
    return true;
  }
  bool write_register(unsigned thread, unsigned regnum, const std::vector<uint8_t>& bytes) override {
    written_reg = {thread, regnum, bytes};
    return regnum <= 100;
  }
  bool read_memory(unsigned, uint64_t address, size_t len, std::vector<uint8_t>& out) override {
    if (address < 0x1000) return false;
    out.clear();
    for (size_t i = 0; i < len; ++i) out.push_back(static_cast<uint8_t>(address + i));
    return true;
  }
  bool write_memory(unsigned, uint64_t address, const std::vector<uint8_t>& bytes) override {
    memory[address] = bytes;
    return true;
  }
  bool add_breakpoint(BreakKind kind, uint64_t address, uint64_t length) override {
    breakpoints.push_back({kind, address, length});
    return true;
  }
  bool remove_breakpoint(BreakKind, uint64_t, uint64_t) override { return !breakpoints.empty(); }
  void clear_breakpoints() override { breakpoints.clear(); }
  void stop() override { ++stops; }
  void resume(const std::vector<ResumeAction>& a) override { actions = a; }
  std::optional<StopEvent> wait_stop(std::chrono::milliseconds) override { return std::nullopt; }
  StopEvent halt() override { return {}; }
  std::string monitor(const std::string& command) override { return "ran " + command + "\n"; }
  void kill() override { killed = true; }

  struct Reg {
    unsigned thread, regnum;
    std::vector<uint8_t> bytes;
  };
  struct Bp {
    BreakKind kind;
    uint64_t address, length;
  };
  std::optional<Reg> written_reg;
  std::map<uint64_t, std::vector<uint8_t>> memory;
  std::vector<Bp> breakpoints;
  std::vector<ResumeAction> actions;
  int stops = 0;
  bool killed = false;
};

std::vector<PacketReader::Event> read_all(std::string_view bytes) {
  PacketReader reader;
  reader.feed(bytes);
  std::vector<PacketReader::Event> events;
  while (auto e = reader.next()) events.push_back(*e);
  return events;
}

TEST(GdbPacket, FramesWithChecksumAndEscapes) {
  EXPECT_EQ(frame("OK"), "$OK#9a");
  EXPECT_EQ(frame(""), "$#00");
  // '#', '$', '}' and '*' are escaped as '}' then the byte XOR 0x20; the checksum covers the escape.
  EXPECT_EQ(frame("a#b"),
            "$a}\x03"
            "b#43");
}

TEST(GdbPacket, ReadsPacketsAcksAndInterrupts) {
  const auto events = read_all("+$g#67\x03" + frame("m1000,4") + "-");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, PacketReader::Event::kPacket);
  EXPECT_EQ(events[0].payload, "g");
  EXPECT_EQ(events[1].kind, PacketReader::Event::kInterrupt);
  EXPECT_EQ(events[2].payload, "m1000,4");
}

TEST(GdbPacket, UndoesEscapesInBinaryPayloads) {
  const std::string packet = frame(std::string("X10,2:\x7d\x23", 8));  // payload bytes } and #
  const auto events = read_all(packet);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, std::string("X10,2:\x7d\x23", 8));
}

TEST(GdbPacket, RejectsBadChecksumsAndOversizedPackets) {
  auto events = read_all("$g#00");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, PacketReader::Event::kBadChecksum);
  events = read_all("$g#zz");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, PacketReader::Event::kBadChecksum);
  events = read_all("$" + std::string(kMaxPacket + 10, 'a') + "#00$g#67");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, PacketReader::Event::kOversized);
  EXPECT_EQ(events[1].payload, "g");
}

TEST(GdbPacket, HexHelpers) {
  uint64_t v;
  EXPECT_TRUE(parse_hex("80200000", v));
  EXPECT_EQ(v, 0x80200000u);
  EXPECT_FALSE(parse_hex("", v));
  EXPECT_FALSE(parse_hex("12g", v));
  EXPECT_FALSE(parse_hex("11112222333344445", v));
  EXPECT_EQ(le_hex(0x1234, 4), "34120000");
}

TEST(GdbSession, AcksAndSwitchesToNoAckMode) {
  FakeTarget t;
  Session s(t);
  EXPECT_EQ(s.handle({PacketReader::Event::kPacket, "QStartNoAckMode"}), "+$OK#9a");
  EXPECT_EQ(s.handle({PacketReader::Event::kPacket, "?"}), frame("T05thread:1;"));
  EXPECT_EQ(s.handle({PacketReader::Event::kBadChecksum, ""}), "");
}

TEST(GdbSession, BadChecksumIsNackedAndOversizedAnsweredWithAnError) {
  FakeTarget t;
  Session s(t);
  EXPECT_EQ(s.handle({PacketReader::Event::kBadChecksum, ""}), "-");
  EXPECT_EQ(s.handle({PacketReader::Event::kOversized, ""}), "+" + frame("E01"));
}

TEST(GdbSession, SupportedThreadsAndExtraInfo) {
  FakeTarget t;
  Session s(t);
  EXPECT_NE(s.reply("qSupported:swbreak+").find("PacketSize=4000"), std::string::npos);
  EXPECT_EQ(s.reply("qfThreadInfo"), "m1,2");
  EXPECT_EQ(s.reply("qsThreadInfo"), "l");
  EXPECT_EQ(s.reply("qAttached"), "1");
  EXPECT_EQ(s.reply("qThreadExtraInfo,2"), to_hex("hart 1"));
  EXPECT_EQ(s.reply("qThreadExtraInfo,3"), "E01");
  EXPECT_EQ(s.reply("T2"), "OK");
  EXPECT_EQ(s.reply("T9"), "E01");
}

TEST(GdbSession, RegistersFollowTheSelectedThread) {
  FakeTarget t;
  Session s(t);
  EXPECT_EQ(s.reply("g"),
            "0000000000000000"
            "0100000000000000");
  EXPECT_EQ(s.reply("Hg2"), "OK");
  EXPECT_EQ(s.reply("p20"), "2001000000000000");
  EXPECT_EQ(s.reply("p1000"), "E01");
  EXPECT_EQ(s.reply("P5=0102030405060708"), "OK");
  ASSERT_TRUE(t.written_reg);
  EXPECT_EQ(t.written_reg->thread, 1u);
  EXPECT_EQ(t.written_reg->regnum, 5u);
  EXPECT_EQ(t.written_reg->bytes, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(s.reply("P5=zz"), "E01");
  EXPECT_EQ(s.reply("Hg7"), "E01");
}

TEST(GdbSession, MemoryReadsAndBinaryWrites) {
  FakeTarget t;
  Session s(t);
  EXPECT_EQ(s.reply("m1000,4"), "00010203");
  EXPECT_EQ(s.reply("m10,4"), "E14");
  EXPECT_EQ(s.reply("m1000"), "E01");
  EXPECT_EQ(s.reply("m1000,100000"), "E01");
  EXPECT_EQ(s.reply(std::string("X2000,3:a}#", 11)), "OK");
  EXPECT_EQ(t.memory[0x2000], (std::vector<uint8_t>{'a', '}', '#'}));
  EXPECT_EQ(s.reply("X2000,5:ab"), "E01");  // the length does not match
  EXPECT_EQ(s.reply("M3000,2:beef"), "OK");
  EXPECT_EQ(t.memory[0x3000], (std::vector<uint8_t>{0xbe, 0xef}));
}

TEST(GdbSession, BreakpointsAndWatchpoints) {
  FakeTarget t;
  Session s(t);
  EXPECT_EQ(s.reply("Z0,80000010,2"), "OK");
  EXPECT_EQ(s.reply("Z2,80001000,8"), "OK");
  ASSERT_EQ(t.breakpoints.size(), 2u);
  EXPECT_EQ(t.breakpoints[1].kind, BreakKind::kWrite);
  EXPECT_EQ(t.breakpoints[1].address, 0x80001000u);
  EXPECT_EQ(t.breakpoints[1].length, 8u);
  EXPECT_EQ(s.reply("Z9,1,1"), "");  // unsupported type: empty reply
  EXPECT_EQ(s.reply("Z1,zz,4"), "E01");
}

TEST(GdbSession, VContGivesEachThreadItsLeftmostAction) {
  FakeTarget t;
  Session s(t);
  EXPECT_EQ(s.reply("vCont?"), "vCont;c;C;s;S;t");
  EXPECT_EQ(s.handle({PacketReader::Event::kPacket, "vCont;s:2;c"}), "+");
  EXPECT_TRUE(s.running());
  EXPECT_EQ(t.actions, (std::vector<ResumeAction>{ResumeAction::kContinue, ResumeAction::kStep}));
  s.handle({PacketReader::Event::kInterrupt, ""});
  EXPECT_EQ(t.stops, 1);
  StopEvent watch;
  watch.kind = StopEvent::kWatch;
  watch.thread = 1;
  watch.address = 0x80001000;
  EXPECT_EQ(s.stopped(watch), frame("T05thread:2;watch:80001000;"));
  EXPECT_FALSE(s.running());
  EXPECT_EQ(s.reply("vCont;s:1"), "");
  EXPECT_EQ(t.actions, (std::vector<ResumeAction>{ResumeAction::kStep, ResumeAction::kStay}));
  EXPECT_EQ(s.reply("vCont;x"), "E01");
}

TEST(GdbSession, StopRepliesNameTheReason) {
  FakeTarget t;
  Session s(t);
  StopEvent e;
  e.kind = StopEvent::kSoftwareBreak;
  EXPECT_EQ(s.stopped(e), frame("T05thread:1;swbreak:;"));
  e.kind = StopEvent::kHardwareBreak;
  e.thread = 1;
  EXPECT_EQ(s.stopped(e), frame("T05thread:2;hwbreak:;"));
  e.kind = StopEvent::kSignal;
  e.signal = 2;
  EXPECT_EQ(s.stopped(e), frame("T02thread:2;"));
  e.kind = StopEvent::kExited;
  e.exit_code = 3;
  EXPECT_EQ(s.stopped(e), frame("W03"));
  EXPECT_TRUE(s.finished());
}

TEST(GdbSession, TargetXmlIsServedInChunks) {
  FakeTarget t;
  Session s(t);
  const std::string first = s.reply("qXfer:features:read:target.xml:0,800");
  EXPECT_EQ(first, "m" + std::string(0x800, 'x'));
  const std::string last = s.reply("qXfer:features:read:target.xml:b00,800");
  EXPECT_EQ(last, "l" + std::string(3000 - 0xb00, 'x') + "<end/>");
  EXPECT_EQ(s.reply("qXfer:features:read:other.xml:0,10"), "E00");
}

TEST(GdbSession, MonitorCommandsAndDetach) {
  FakeTarget t;
  Session s(t);
  EXPECT_EQ(s.reply("qRcmd," + to_hex("info harts")), to_hex("ran info harts\n"));
  EXPECT_EQ(s.reply("qRcmd,zz"), "E01");
  t.breakpoints.push_back({BreakKind::kSoftware, 1, 2});
  EXPECT_EQ(s.reply("D"), "OK");
  EXPECT_TRUE(t.breakpoints.empty());
  EXPECT_EQ(t.actions, (std::vector<ResumeAction>{ResumeAction::kContinue, ResumeAction::kContinue}));
  EXPECT_TRUE(s.finished());
}

TEST(GdbSession, MalformedPacketsGetErrorsOrEmptyReplies) {
  FakeTarget t;
  Session s(t);
  for (const char* p : {"H", "Hx1", "p", "P", "P1", "m", "M1,2", "X", "Z", "z0", "qThreadExtraInfo,", "T",
                        "vCont;", "qXfer:features:read:target.xml:", "\xff\xfe"}) {
    const std::string r = s.reply(p);
    EXPECT_TRUE(r.empty() || r[0] == 'E') << p << " -> " << r;
  }
}

}  // namespace
}  // namespace microvm::gdb
