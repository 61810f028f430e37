#include "core/input_log.h"

#include <fmt/format.h>

#include "core/error.h"

namespace microvm {
namespace {

void put_point(SnapshotWriter& out, RunPoint p) {
  out.u64(p.insns);
  out.u64(p.time);
}

RunPoint get_point(SnapshotReader& in) {
  RunPoint p;
  p.insns = in.u64();
  p.time = in.u64();
  return p;
}

std::string describe(RunPoint p) { return fmt::format("instruction {}, guest time {}", p.insns, p.time); }

std::string_view kind_name(InputEvent::Kind k) {
  switch (k) {
    case InputEvent::kConsole: return "console";
    case InputEvent::kConsoleEnd: return "console end";
    case InputEvent::kNetFrame: return "network frame";
  }
  return "?";
}

}  // namespace

Sha256 state_digest(const Snapshot& snapshot) {
  SnapshotWriter all;
  for (const Snapshot::Section& s : snapshot.sections()) {
    all.string(s.tag);
    all.blob(s.payload);
  }
  return sha256(all.data());
}

InputLog InputLog::recording(std::string path) {
  InputLog log;
  log.mode_ = Mode::kRecord;
  log.path_ = std::move(path);
  return log;
}

InputLog InputLog::replaying(const std::string& path) {
  const Snapshot file = Snapshot::read(path);
  if (!file.has("record")) {
    if (file.has("machine"))
      throw user_error(
          "{}: this is a snapshot, not a record: give it to --load-snapshot (and a record made "
          "with --record to --replay)",
          path);
    throw user_error("{}: not a record made with --record (it has no 'record' section)", path);
  }
  InputLog log;
  log.mode_ = Mode::kReplay;
  log.path_ = path;
  SnapshotReader head = file.reader("record");
  const uint32_t version = head.u32();
  if (version != kVersion)
    head.fail(fmt::format("record version {}; this microvm reads version {} only", version, kVersion));
  log.origin_ = head.string();
  const auto state = head.bytes(32);
  std::copy(state.begin(), state.end(), log.start_state_.begin());
  log.start_ = get_point(head);
  head.finish();

  SnapshotReader in = file.reader("events");
  const uint64_t count = in.bounded(in.remaining() / 18, "the number of events");
  RunPoint last = log.start_;
  for (uint64_t i = 0; i < count; ++i) {
    InputEvent e;
    const uint8_t kind = in.u8();
    if (kind < InputEvent::kConsole || kind > InputEvent::kNetFrame)
      in.fail(fmt::format("event {} of kind {}", i, kind));
    e.kind = static_cast<InputEvent::Kind>(kind);
    const uint8_t site = in.u8();
    if (site > InputEvent::kWaitingHart) in.fail(fmt::format("event {} at site {}", i, site));
    e.site = static_cast<InputEvent::Site>(site);
    e.at = get_point(in);
    if (e.at.insns < last.insns || e.at.time < last.time)
      in.fail(fmt::format("event {} goes back in time", i));
    last = e.at;
    const auto bytes = in.blob(kMaxEventBytes);
    e.bytes.assign(bytes.begin(), bytes.end());
    log.events_.push_back(std::move(e));
  }
  in.finish();

  SnapshotReader end = file.reader("end");
  log.end_external_ = end.boolean();
  log.end_ = get_point(end);
  const auto end_state = end.bytes(32);
  std::copy(end_state.begin(), end_state.end(), log.end_state_.begin());
  end.finish();
  if (log.end_.insns < last.insns || log.end_.time < last.time)
    end.fail("the run ends before its last event");
  return log;
}

void InputLog::start(const Sha256& state, RunPoint at, const std::string& origin) {
  if (mode_ == Mode::kRecord) {
    start_state_ = state;
    start_ = at;
    origin_ = origin;
    return;
  }
  if (state != start_state_ || !(at == start_)) {
    throw user_error(
        "{}: this record starts from another machine ({}); replay it with the same {} it was recorded with",
        path_, origin_ == "boot" ? "a boot" : "the snapshot " + origin_,
        origin_ == "boot" ? "kernel and machine options (and --deterministic)" : "--load-snapshot");
  }
}

const InputEvent* InputLog::due(RunPoint at, InputEvent::Site site) {
  if (next_ == events_.size()) return nullptr;
  const InputEvent& e = events_[next_];
  if (at == e.at && site == e.site) return &events_[next_++];
  if (at.passed(e.at))
    throw user_error(
        "{}: the replay left the recorded run: event {} ({}) was let in at {}, and the machine is "
        "already at {}",
        path_, next_, kind_name(e.kind), describe(e.at), describe(at));
  return nullptr;
}

void InputLog::rewind(RunPoint from) {
  mode_ = Mode::kReplay;
  rewound_ = true;
  next_ = 0;
  // Events at `from` itself came after the round top a checkpoint was taken at.
  while (next_ < events_.size() && from.passed(events_[next_].at)) ++next_;
}

void InputLog::finish(const Sha256& state, RunPoint at, bool stopped_from_outside) {
  end_ = at;
  end_external_ = stopped_from_outside;
  end_state_ = state;
  Snapshot file;
  SnapshotWriter head;
  head.u32(kVersion);
  head.string(origin_);
  head.bytes(start_state_);
  put_point(head, start_);
  file.add("record", std::move(head));
  SnapshotWriter events;
  events.u64(events_.size());
  for (const InputEvent& e : events_) {
    events.u8(e.kind);
    events.u8(e.site);
    put_point(events, e.at);
    events.string(e.bytes);
  }
  file.add("events", std::move(events));
  SnapshotWriter end;
  end.boolean(stopped_from_outside);
  put_point(end, at);
  end.bytes(state);
  file.add("end", std::move(end));
  file.write(path_);
}

std::string InputLog::check_end(const Sha256& state, RunPoint at) const {
  if (next_ != events_.size())
    throw user_error(
        "{}: the replay ended at {} with {} of {} recorded inputs not let in: it is not the recorded run",
        path_, describe(at), events_.size() - next_, events_.size());
  if (!(at == end_))
    throw user_error("{}: the replay ended at {}, the recorded run at {}", path_, describe(at),
                     describe(end_));
  if (state != end_state_)
    throw user_error("{}: the replay ended at the recorded point ({}) but in another state", path_,
                     describe(at));
  return fmt::format("replayed {} inputs from {}: the run ended at {} in the recorded state", events_.size(),
                     path_, describe(at));
}

void print_input_log(const Snapshot& file) {
  const InputLog log = InputLog::replaying(file.name());
  size_t console = 0, frames = 0;
  for (const InputEvent& e : log.events()) {
    if (e.kind == InputEvent::kConsole) console += e.bytes.size();
    if (e.kind == InputEvent::kNetFrame) ++frames;
  }
  fmt::print("record {}: version {}, starts from {}\n", file.name(), InputLog::kVersion,
             log.origin() == "boot" ? "a boot" : "the snapshot " + log.origin());
  fmt::print("inputs: {} events: {} console bytes, {} network frames\n", log.events().size(), console,
             frames);
  fmt::print("ends at: {}\n", describe(log.end()));
}

}  // namespace microvm
