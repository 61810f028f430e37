#include "devices/plic.h"

#include <algorithm>

namespace microvm::devices {

Plic::Plic(unsigned contexts)
    : enable_(contexts), threshold_(contexts, 0), outputs_(contexts), output_level_(contexts, -1) {}

IrqLine Plic::source_line(unsigned source) {
  return IrqLine([this, source](bool level) { set_source(source, level); }, source);
}

void Plic::set_source(unsigned source, bool level) {
  if (source == 0 || source >= kSources) return;
  std::lock_guard lock(mutex_);
  // As QEMU's PLIC does: every assertion (a rise, or a device signalling a line that is already
  // high) makes the source pending, even while it is in service; lowering the line withdraws
  // it. Completion does not sample the line again (see complete()).
  pending_[source] = level;
  update_outputs();
}

unsigned Plic::best_source(unsigned context) const {
  const std::bitset<kSources> candidates = pending_ & ~in_service_ & enable_[context];
  unsigned best = 0, best_priority = threshold_[context];
  // Ties go to the lowest source number, so only a strictly higher priority replaces.
  for (size_t s = candidates._Find_first(); s < kSources; s = candidates._Find_next(s)) {
    if (priority_[s] > best_priority) {
      best = static_cast<unsigned>(s);
      best_priority = priority_[s];
    }
  }
  return best;
}

unsigned Plic::claim(unsigned context) {
  const unsigned source = best_source(context);
  if (source) {
    pending_[source] = false;
    in_service_[source] = true;
  }
  update_outputs();
  return source;
}

void Plic::complete(unsigned context, unsigned source) {
  if (source == 0 || source >= kSources || !enable_[context][source]) return;
  // A line still high at completion is not pended again unless its device signals it again
  // (QEMU's behaviour, which xv6's UART driver relies on: it never reads IIR, so the THRE
  // interrupt stays asserted after each claim). A real level-triggered gateway would re-pend.
  in_service_[source] = false;
  update_outputs();
}

void Plic::update_outputs() {
  for (unsigned c = 0; c < outputs_.size(); ++c) {
    const int8_t level = best_source(c) != 0;
    if (level != output_level_[c]) {
      output_level_[c] = level;
      outputs_[c].set(level);
    }
  }
}

bool Plic::read(uint64_t offset, unsigned size, uint64_t& value) {
  if (size != 4 || (offset & 3)) return false;
  std::lock_guard lock(mutex_);
  const unsigned contexts = static_cast<unsigned>(threshold_.size());
  value = 0;
  if (offset < kPending) {
    value = priority_[offset / 4 % kSources];
  } else if (offset < kPending + kSources / 8) {
    const unsigned base = static_cast<unsigned>((offset - kPending) * 8);
    for (unsigned b = 0; b < 32; ++b) value |= uint64_t{pending_[base + b]} << b;
  } else if (offset >= kEnable && offset < kEnable + kEnableStride * contexts) {
    const unsigned context = static_cast<unsigned>((offset - kEnable) / kEnableStride);
    const uint64_t word = (offset - kEnable) % kEnableStride;
    if (word < kSources / 8) {
      const unsigned base = static_cast<unsigned>(word * 8);
      for (unsigned b = 0; b < 32; ++b) value |= uint64_t{enable_[context][base + b]} << b;
    }
  } else if (offset >= kContext && offset < kContext + kContextStride * contexts) {
    const unsigned context = static_cast<unsigned>((offset - kContext) / kContextStride);
    const uint64_t reg = (offset - kContext) % kContextStride;
    if (reg == 0) value = threshold_[context];
    if (reg == 4) value = claim(context);
  }
  return true;
}

bool Plic::write(uint64_t offset, unsigned size, uint64_t value) {
  if (size != 4 || (offset & 3)) return false;
  std::lock_guard lock(mutex_);
  const unsigned contexts = static_cast<unsigned>(threshold_.size());
  const uint32_t v = static_cast<uint32_t>(value);
  if (offset < kPending) {
    const unsigned source = static_cast<unsigned>(offset / 4);
    if (source != 0 && source < kSources) priority_[source] = v & kMaxPriority;
  } else if (offset >= kEnable && offset < kEnable + kEnableStride * contexts) {
    const unsigned context = static_cast<unsigned>((offset - kEnable) / kEnableStride);
    const uint64_t word = (offset - kEnable) % kEnableStride;
    if (word < kSources / 8) {
      const unsigned base = static_cast<unsigned>(word * 8);
      for (unsigned b = 0; b < 32; ++b) enable_[context][base + b] = base + b != 0 && ((v >> b) & 1);
    }
  } else if (offset >= kContext && offset < kContext + kContextStride * contexts) {
    const unsigned context = static_cast<unsigned>((offset - kContext) / kContextStride);
    const uint64_t reg = (offset - kContext) % kContextStride;
    if (reg == 0) threshold_[context] = v & kMaxPriority;
    if (reg == 4) complete(context, v);
  }
  update_outputs();
  return true;
}

DeviceNode Plic::device_node() const {
  DeviceNode node;
  node.name = "plic";
  node.size = kSize;
  node.compatible = {"sifive,plic-1.0.0", "riscv,plic0"};
  // Its contexts, in order, as the board numbered their lines (the hart interrupt each raises).
  for (const IrqLine& line : outputs_) node.hart_irqs.push_back(line.number());
  node.interrupt_controller = true;
  node.cells = {{"riscv,ndev", kSources - 1}};
  return node;
}

}  // namespace microvm::devices

namespace microvm::devices {
namespace {

template <size_t N>
void save_bits(SnapshotWriter& out, const std::bitset<N>& bits) {
  for (size_t i = 0; i < N; i += 8) {
    uint8_t byte = 0;
    for (size_t b = 0; b < 8; ++b) byte |= static_cast<uint8_t>(bits[i + b] << b);
    out.u8(byte);
  }
}

template <size_t N>
void load_bits(SnapshotReader& in, std::bitset<N>& bits) {
  for (size_t i = 0; i < N; i += 8) {
    const uint8_t byte = in.u8();
    for (size_t b = 0; b < 8; ++b) bits[i + b] = (byte >> b) & 1;
  }
}

}  // namespace

void Plic::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  out.u32(static_cast<uint32_t>(threshold_.size()));
  out.bytes(priority_);
  save_bits(out, pending_);
  save_bits(out, in_service_);
  for (size_t c = 0; c < threshold_.size(); ++c) {
    save_bits(out, enable_[c]);
    out.u8(threshold_[c]);
  }
}

void Plic::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  in.expect(in.u32(), threshold_.size(), "the PLIC's number of contexts");
  const auto priorities = in.bytes(kSources);
  for (unsigned s = 0; s < kSources; ++s) priority_[s] = s == 0 ? 0 : priorities[s] & kMaxPriority;
  load_bits(in, pending_);
  load_bits(in, in_service_);
  for (size_t c = 0; c < threshold_.size(); ++c) {
    load_bits(in, enable_[c]);
    enable_[c][0] = false;
    threshold_[c] = in.u8() & kMaxPriority;
  }
  in.finish();
  // Drive every output afresh: the harts' external-interrupt bits follow the loaded state.
  std::fill(output_level_.begin(), output_level_.end(), -1);
  update_outputs();
}

}  // namespace microvm::devices
