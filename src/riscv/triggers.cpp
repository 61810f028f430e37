// Sdtrig: register rules (WARL) and address matching. Bit positions are the debug
// specification's (1.0, 5.7): tdata1's type is bits 63:60 in both layouts; the mode, kind and
// match fields sit at the same places in mcontrol and mcontrol6; the size field differs.
#include "riscv/triggers.h"

#include <fmt/format.h>

#include "core/snapshot.h"

namespace microvm::riscv {
namespace {

constexpr unsigned kTypeShift = 60;
constexpr uint64_t kTypeMcontrol = 2, kTypeMcontrol6 = 6, kTypeDisabled = 15;
constexpr uint64_t kLoad = 1 << 0, kStore = 1 << 1, kExecute = 1 << 2, kU = 1 << 3, kS = 1 << 4, kM = 1 << 6;
constexpr unsigned kMatchShift = 7;
constexpr uint64_t kMatchMask = 0xFull << kMatchShift;
constexpr uint64_t kMatchEqual = 0, kMatchAtLeast = 2, kMatchBelow = 3;
// mcontrol: sizelo 17:16, sizehi 22:21. mcontrol6: size 19:16.
constexpr uint64_t kSizeLo = 3ull << 16, kSizeHi = 3ull << 21, kSize6 = 0xFull << 16;
constexpr uint64_t kVersion1 = 1;  // tinfo.version: the 1.0 specification

uint64_t type_of(uint64_t tdata1) { return tdata1 >> kTypeShift; }

// The size field as a number of bytes (0: any size); an encoding not offered reads back as 0.
unsigned size_bytes(uint64_t tdata1) {
  const uint64_t code = type_of(tdata1) == kTypeMcontrol
                            ? ((tdata1 & kSizeHi) >> 19) | ((tdata1 & kSizeLo) >> 16)
                            : (tdata1 & kSize6) >> 16;
  switch (code) {
    case 1: return 1;
    case 2: return 2;
    case 3: return 4;
    case 5: return 8;
    default: return 0;
  }
}

}  // namespace

void Triggers::reset() {
  // Every trigger starts as an mcontrol matching nothing, as on QEMU 7.2 (software that probes
  // for triggers, like the ISA tests, looks for type 2).
  for (Trigger& t : triggers_) t = Trigger{kTypeMcontrol << kTypeShift, 0, 0};
  select_ = 0;
  tcontrol_ = kMte | kMpte;  // so that an mret before any trap (entering a test) keeps mte
  update_armed();
}

uint64_t Triggers::legal_tdata1(uint64_t value) const {
  const uint64_t type = type_of(value);
  if (type != kTypeMcontrol && type != kTypeMcontrol6) return kTypeDisabled << kTypeShift;
  // Kept: the kind, the modes, equal/at-least/below matches and the sizes we compare. Zero: dmode
  // (no debug mode), hit, select (addresses only), timing (before), action (0: an exception),
  // chain, and the bits of modes the hart does not have (H, VS, VU).
  uint64_t kept = kLoad | kStore | kExecute | kU | kS | kM;
  const uint64_t match = (value & kMatchMask) >> kMatchShift;
  if (match == kMatchAtLeast || match == kMatchBelow) kept |= kMatchMask;
  uint64_t legal = (type << kTypeShift) | (value & kept);
  const uint64_t size_field = type == kTypeMcontrol ? (kSizeLo | kSizeHi) : kSize6;
  if (size_bytes(value) != 0) legal |= value & size_field;
  return legal;
}

uint64_t Triggers::read(uint16_t number) const {
  const Trigger& t = triggers_[select_];
  switch (number) {
    case csr::kTselect: return select_;
    case csr::kTdata1: return t.tdata1;
    case csr::kTdata2: return t.tdata2;
    case csr::kTdata3: return t.tdata3;
    case csr::kTinfo:
      return (kVersion1 << 24) | (1u << kTypeMcontrol) | (1u << kTypeMcontrol6) | (1u << kTypeDisabled);
    case csr::kTcontrol: return tcontrol_;
    default: return 0;
  }
}

void Triggers::write(uint16_t number, uint64_t value) {
  Trigger& t = triggers_[select_];
  switch (number) {
    case csr::kTselect:
      if (value < kCount) select_ = static_cast<unsigned>(value);  // WARL: others keep the old one
      break;
    case csr::kTdata1: t.tdata1 = legal_tdata1(value); break;
    case csr::kTdata2: t.tdata2 = value; break;
    case csr::kTcontrol: tcontrol_ = value & (kMte | kMpte); break;
    default: break;  // tdata3 (no textra matching) and tinfo are read-only zero / constant
  }
  update_armed();
}

void Triggers::update_armed() {
  execute_armed_ = data_armed_ = false;
  for (const Trigger& t : triggers_) {
    const uint64_t type = type_of(t.tdata1);
    if ((type != kTypeMcontrol && type != kTypeMcontrol6) || !(t.tdata1 & (kU | kS | kM))) continue;
    if (t.tdata1 & kExecute) execute_armed_ = true;
    if (t.tdata1 & (kLoad | kStore)) data_armed_ = true;
  }
}

bool Triggers::match(Kind kind, uint64_t address, unsigned size, Priv priv) const {
  const uint64_t mode_bit = priv == Priv::M ? kM : priv == Priv::S ? kS : kU;
  if (priv == Priv::M && !(tcontrol_ & kMte)) return false;
  const uint64_t kind_bit = kind == Kind::kExecute ? kExecute : kind == Kind::kLoad ? kLoad : kStore;
  for (const Trigger& t : triggers_) {
    const uint64_t type = type_of(t.tdata1);
    if (type != kTypeMcontrol && type != kTypeMcontrol6) continue;
    if (!(t.tdata1 & mode_bit) || !(t.tdata1 & kind_bit)) continue;
    if (kind != Kind::kExecute) {
      const unsigned want = size_bytes(t.tdata1);
      if (want != 0 && want != size) continue;
    }
    const uint64_t match = (t.tdata1 & kMatchMask) >> kMatchShift;
    bool hit;
    if (match == kMatchAtLeast) {
      hit = address >= t.tdata2;
    } else if (match == kMatchBelow) {
      hit = address < t.tdata2;
    } else if (kind == Kind::kExecute) {
      hit = address == t.tdata2;
    } else {
      hit = t.tdata2 - address < size;  // any byte the access touches
    }
    if (hit) return true;
  }
  return false;
}

bool Triggers::programmed() const {
  const Triggers fresh;
  for (unsigned i = 0; i < kCount; ++i) {
    const Trigger &a = triggers_[i], &b = fresh.triggers_[i];
    if (a.tdata1 != b.tdata1 || a.tdata2 != b.tdata2 || a.tdata3 != b.tdata3) return true;
  }
  return select_ != fresh.select_ || tcontrol_ != fresh.tcontrol_;
}

void Triggers::save(SnapshotWriter& out) const {
  out.u32(kCount);
  for (const Trigger& t : triggers_) {
    out.u64(t.tdata1);
    out.u64(t.tdata2);
    out.u64(t.tdata3);
  }
  out.u64(select_);
  out.u64(tcontrol_);
}

void Triggers::load(SnapshotReader& in) {
  in.expect(in.u32(), kCount, "the number of triggers");
  reset();
  for (unsigned i = 0; i < kCount; ++i) {
    const Trigger saved{in.u64(), in.u64(), in.u64()};
    select_ = i;
    write(csr::kTdata1, saved.tdata1);
    write(csr::kTdata2, saved.tdata2);
    const Trigger& now = triggers_[i];
    if (now.tdata1 != saved.tdata1 || now.tdata2 != saved.tdata2 || saved.tdata3 != 0)
      in.fail(fmt::format("trigger {} holds values this hart cannot (tdata1={:#x})", i, saved.tdata1));
  }
  select_ = static_cast<unsigned>(in.bounded(kCount - 1, "tselect"));
  const uint64_t tcontrol = in.u64();
  write(csr::kTcontrol, tcontrol);
  if (tcontrol_ != tcontrol) in.fail(fmt::format("tcontrol {:#x}", tcontrol));
  in.finish();
}

}  // namespace microvm::riscv
