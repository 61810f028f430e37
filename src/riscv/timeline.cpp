#include "riscv/timeline.h"

#include <fmt/format.h>

#include <chrono>

namespace microvm::riscv {

uint64_t timeline_clock_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

void HartTimeline::add(Kind kind, uint64_t value) {
  if (events_.size() >= kMaxEvents) {
    ++dropped_;
    return;
  }
  events_.push_back({timeline_clock_ns() - origin_ns_, value, kind});
}

Timeline::Timeline(unsigned harts) : origin_ns_(timeline_clock_ns()) {
  harts_.reserve(harts);
  for (unsigned h = 0; h < harts; ++h) harts_.emplace_back(origin_ns_);
}

uint64_t Timeline::dropped() const {
  uint64_t n = 0;
  for (const HartTimeline& h : harts_) n += h.dropped();
  return n;
}

namespace {

const char* interrupt_name(uint64_t cause) {
  switch (cause) {
    case 1: return "supervisor software";
    case 3: return "machine software";
    case 5: return "supervisor timer";
    case 7: return "machine timer";
    case 9: return "supervisor external";
    case 11: return "machine external";
    case 13: return "counter overflow";
    default: return "other";
  }
}

std::string address_space_name(uint64_t satp) {
  const uint64_t mode = satp >> 60;
  if (mode == 0) return "bare (no translation)";
  const uint64_t root = (satp & ((1ull << 44) - 1)) << 12;
  return fmt::format("page table {:#x}", root);
}

// One hart's two tracks: `tid` (idle, interrupts, IPIs, fences) and `tid + 1` (address spaces).
class TrackWriter {
 public:
  TrackWriter(std::FILE* out, unsigned tid, bool& first) : out_(out), tid_(tid), first_(first) {}
  void span(unsigned tid, const std::string& name, uint64_t start, uint64_t end,
            const std::string& args = "") {
    begin();
    fmt::print(out_, R"({{"ph":"X","pid":1,"tid":{},"name":"{}","ts":{:.3f},"dur":{:.3f}{}}})", tid, name,
               start / 1e3, (end - start) / 1e3, args.empty() ? "" : ",\"args\":" + args);
  }
  void instant(const std::string& name, uint64_t at) {
    begin();
    fmt::print(out_, R"({{"ph":"i","s":"t","pid":1,"tid":{},"name":"{}","ts":{:.3f}}})", tid_, name,
               at / 1e3);
  }
  void thread_name(unsigned tid, const std::string& name) {
    begin();
    fmt::print(out_, R"({{"ph":"M","pid":1,"tid":{},"name":"thread_name","args":{{"name":"{}"}}}})", tid,
               name);
    begin();
    fmt::print(out_, R"({{"ph":"M","pid":1,"tid":{},"name":"thread_sort_index","args":{{"sort_index":{}}}}})",
               tid, tid);
  }

 private:
  void begin() {
    if (!first_) std::fputs(",\n", out_);
    first_ = false;
  }
  std::FILE* out_;
  unsigned tid_;
  bool& first_;
};

}  // namespace

void Timeline::write_json(std::FILE* out) const {
  const uint64_t end = timeline_clock_ns() - origin_ns_;
  fmt::print(out,
             R"({{"displayTimeUnit":"ns","otherData":{{"clock":"host, ns since start","dropped_events":{}}},)"
             "\n\"traceEvents\":[\n",
             dropped());
  bool first = true;
  for (unsigned h = 0; h < harts_.size(); ++h) {
    const unsigned tid = 2 * h, spaces = 2 * h + 1;
    TrackWriter w(out, tid, first);
    w.thread_name(tid, fmt::format("hart {}", h));
    w.thread_name(spaces, fmt::format("hart {} address space", h));
    bool has_space = false, asleep = false, stopped = false, fencing = false;
    uint64_t space = 0, space_since = 0, sleep_since = 0, fence_since = 0, fence_targets = 0;
    // A sleep ends at its wake, unless the next event is the same sleep again (a stopped hart
    // woken for nothing to do): that is one span.
    uint64_t woke = 0;
    bool spun = false;
    auto close_sleep = [&]() {
      if (asleep && woke)
        w.span(tid, stopped ? "stopped" : "idle (wfi)", sleep_since, woke, spun ? R"({"spun":true})" : "");
      asleep = false, woke = 0;
    };
    auto close_space = [&](uint64_t at) {
      if (has_space)
        w.span(spaces, address_space_name(space), space_since, at,
               fmt::format(R"({{"satp":"{:#x}"}})", space));
    };
    for (const HartTimeline::Event& e : harts_[h].events()) {
      if (woke && !(e.kind == HartTimeline::Kind::kSleep && stopped && e.value)) close_sleep();
      switch (e.kind) {
        case HartTimeline::Kind::kSatp:
          close_space(e.ns);
          has_space = true, space = e.value, space_since = e.ns;
          break;
        case HartTimeline::Kind::kSleep:
          if (!asleep) asleep = true, stopped = e.value, sleep_since = e.ns;
          woke = 0;
          break;
        case HartTimeline::Kind::kWake: woke = e.ns, spun = e.value; break;
        case HartTimeline::Kind::kInterrupt:
          w.instant(fmt::format("interrupt {} ({})", e.value, interrupt_name(e.value)), e.ns);
          break;
        case HartTimeline::Kind::kIpi: w.instant(fmt::format("IPI to hart {}", e.value), e.ns); break;
        case HartTimeline::Kind::kFenceStart:
          fencing = true, fence_since = e.ns, fence_targets = e.value;
          break;
        case HartTimeline::Kind::kFenceEnd:
          if (fencing) w.span(tid, fmt::format("remote fence ({} harts)", fence_targets), fence_since, e.ns);
          fencing = false;
          break;
      }
    }
    close_space(end);
    if (asleep && !woke) woke = end, spun = false;
    close_sleep();
  }
  std::fputs("\n]}\n", out);
}

}  // namespace microvm::riscv
