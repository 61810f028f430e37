#include "devices/virtio/virtqueue.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace microvm::devices {

static_assert(std::endian::native == std::endian::little, "virtio rings are little-endian, as is the host");

namespace {

// Ring sizes (2.7): the descriptor table, the available ring (flags, idx, ring, used_event)
// and the used ring (flags, idx, ring, avail_event).
uint64_t desc_bytes(uint16_t size) { return 16ull * size; }
uint64_t avail_bytes(uint16_t size) { return 6 + 2ull * size; }
uint64_t used_bytes(uint16_t size) { return 6 + 8ull * size; }

}  // namespace

bool VirtQueue::fail(std::string why) {
  if (!broken_) error_ = std::move(why);
  broken_ = true;
  return false;
}

// Ring indices and event fields are shared with the guest's harts. Sequentially consistent
// accesses give both the acquire/release pairing with the driver's barriers and the
// store-then-load order the event-index protocol needs (2.7.10: publish, then look again),
// without a standalone fence.
uint16_t VirtQueue::load16(uint64_t pa) const {
  return __atomic_load_n(reinterpret_cast<const uint16_t*>(ram_.ptr(pa)), __ATOMIC_SEQ_CST);
}

// A descriptor, read the way the harts write guest memory (relaxed atomics where aligned, as
// Hart::host_store): the driver's write of it and this read are then not a data race for the
// language (nor for ThreadSanitizer), whatever the guest's own barriers look like to the host.
// The descriptor table is 16-byte aligned (start checks it); an indirect table need not be.
VirtQueue::Desc VirtQueue::load_desc(uint64_t pa) const {
  Desc d;
  const uint8_t* p = ram_.ptr(pa);
  if (pa % 8 == 0) {
    const uint64_t words[2] = {__atomic_load_n(reinterpret_cast<const uint64_t*>(p), __ATOMIC_RELAXED),
                               __atomic_load_n(reinterpret_cast<const uint64_t*>(p + 8), __ATOMIC_RELAXED)};
    std::memcpy(&d, words, sizeof d);
  } else {
    std::memcpy(&d, p, sizeof d);
  }
  return d;
}

void VirtQueue::store16(uint64_t pa, uint16_t value) {
  __atomic_store_n(reinterpret_cast<uint16_t*>(ram_.ptr(pa)), value, __ATOMIC_SEQ_CST);
  ram_.written(pa, 2);
}

void VirtQueue::start(const Layout& layout, bool event_idx, bool indirect) {
  layout_ = layout;
  running_ = true;
  broken_ = false;
  error_.clear();
  event_idx_ = event_idx;
  indirect_ = indirect;
  last_avail_ = used_idx_ = signalled_used_ = 0;
  signalled_valid_ = false;
  const uint16_t size = layout.size;
  if (size == 0 || size > kMaxSize || !std::has_single_bit(size)) {
    fail(fmt::format("queue size {} is not a power of 2 up to {}", size, kMaxSize));
  } else if (layout.desc % 16 || !ram_.contains(layout.desc, desc_bytes(size))) {
    fail(fmt::format("descriptor table at {:#x} is not 16-byte aligned inside RAM", layout.desc));
  } else if (layout.avail % 2 || !ram_.contains(layout.avail, avail_bytes(size))) {
    fail(fmt::format("available ring at {:#x} is not 2-byte aligned inside RAM", layout.avail));
  } else if (layout.used % 4 || !ram_.contains(layout.used, used_bytes(size))) {
    fail(fmt::format("used ring at {:#x} is not 4-byte aligned inside RAM", layout.used));
  }
}

void VirtQueue::stop() {
  running_ = false;
  broken_ = false;
  error_.clear();
}

uint16_t VirtQueue::pending() {
  if (!running_ || broken_) return 0;
  return static_cast<uint16_t>(load16(layout_.avail + 2) - last_avail_);
}

VirtQueue::Pop VirtQueue::pop(VirtChain& chain) {
  if (!running_) return Pop::kEmpty;
  if (broken_) return Pop::kBroken;
  const uint16_t size = layout_.size;
  uint16_t avail_idx = load16(layout_.avail + 2);
  if (avail_idx == last_avail_) {
    if (!event_idx_) return Pop::kEmpty;
    // Ask for a notification when the driver goes past what we took, then look again: the
    // driver may have added a buffer before it could see the new avail_event (2.7.10).
    store16(layout_.used + 4 + 8ull * size, last_avail_);
    avail_idx = load16(layout_.avail + 2);
    if (avail_idx == last_avail_) return Pop::kEmpty;
  }
  if (static_cast<uint16_t>(avail_idx - last_avail_) > size) {
    fail(fmt::format("available index {} is more than the queue size {} ahead of {}", avail_idx, size,
                     last_avail_));
    return Pop::kBroken;
  }
  const uint16_t head = load16(layout_.avail + 4 + 2ull * (last_avail_ % size));
  ++last_avail_;
  chain.clear();
  chain.head = head;
  return walk(head, chain) ? Pop::kChain : Pop::kBroken;
}

bool VirtQueue::walk(uint16_t head, VirtChain& chain) {
  uint64_t table = layout_.desc;
  unsigned table_size = layout_.size;
  unsigned limit = layout_.size;  // 2.7.5.3.1: no chain longer than the queue; so no loops
  bool in_indirect = false;
  unsigned count = 0;
  uint64_t total = 0;
  unsigned index = head;
  if (index >= table_size)
    return fail(fmt::format("chain head {} is outside the {}-entry table", index, table_size));
  for (;;) {
    if (++count > limit) {
      return fail(fmt::format("{}chain from head {} is longer than {} descriptors (a loop?)",
                              in_indirect ? "indirect " : "", head, limit));
    }
    const Desc d = load_desc(table + 16ull * index);
    if (d.flags & kDescIndirect) {
      if (!indirect_)
        return fail(fmt::format("descriptor {} is indirect but VIRTIO_F_INDIRECT_DESC is off", index));
      if (in_indirect) return fail(fmt::format("indirect descriptor {} inside an indirect table", index));
      if (d.flags & kDescNext) return fail(fmt::format("descriptor {} sets both INDIRECT and NEXT", index));
      if (d.len == 0 || d.len % 16 || d.len / 16 > kMaxIndirect) {
        return fail(fmt::format("indirect table of {} bytes (descriptor {})", d.len, index));
      }
      if (!ram_.contains(d.addr, d.len)) {
        return fail(
            fmt::format("indirect table {:#x}+{:#x} (descriptor {}) is outside RAM", d.addr, d.len, index));
      }
      table = d.addr;
      table_size = limit = d.len / 16;
      in_indirect = true;
      count = 0;
      index = 0;
      continue;
    }
    if (!ram_.contains(d.addr, d.len)) {
      return fail(fmt::format("buffer {:#x}+{:#x} (descriptor {}) is outside RAM", d.addr, d.len, index));
    }
    total += d.len;
    if (total >= kMaxChainBytes) return fail(fmt::format("chain from head {} holds 4 GiB or more", head));
    if (d.flags & kDescWrite) {
      chain.writable.push_back({d.addr, d.len});
      chain.writable_bytes += d.len;
    } else {
      if (!chain.writable.empty()) {
        return fail(fmt::format("device-readable descriptor {} follows a device-writable one", index));
      }
      chain.readable.push_back({d.addr, d.len});
      chain.readable_bytes += d.len;
    }
    if (!(d.flags & kDescNext)) return true;
    index = d.next;
    if (index >= table_size) {
      return fail(fmt::format("descriptor's next {} is outside the {}-entry {}table", index, table_size,
                              in_indirect ? "indirect " : ""));
    }
  }
}

void VirtQueue::push(uint16_t head, uint32_t written) {
  if (!running_ || broken_) return;
  const uint32_t elem[2] = {head, written};
  ram_.write(layout_.used + 4 + 8ull * (used_idx_ % layout_.size), elem, sizeof elem);
  ++used_idx_;
  store16(layout_.used + 2, used_idx_);  // the element is visible before the index
}

bool VirtQueue::needs_interrupt() {
  if (!running_ || broken_) return false;
  const uint16_t old = signalled_used_;
  const bool valid = signalled_valid_;
  signalled_used_ = used_idx_;
  signalled_valid_ = true;
  // Nothing new since the last decision, or since the queue started (used_idx_ starts at 0):
  // QEMU interrupts only after it used a buffer, and a driver may not be ready for more.
  if (old == used_idx_) return false;
  // push() published the used index (sequentially consistent) before we read what the driver
  // asked for (2.7.10).
  if (!event_idx_) return !(load16(layout_.avail) & kAvailNoInterrupt);
  if (!valid) return true;
  const uint16_t used_event = load16(layout_.avail + 4 + 2ull * layout_.size);
  // vring_need_event: did used_idx pass used_event since the last notification?
  return static_cast<uint16_t>(used_idx_ - used_event - 1) < static_cast<uint16_t>(used_idx_ - old);
}

size_t ChainReader::read(void* out, size_t len) {
  auto* dst = static_cast<uint8_t*>(out);
  size_t done = 0;
  while (done < len && index_ < buffers_.size()) {
    const VirtBuffer& b = buffers_[index_];
    const size_t n = std::min<size_t>(len - done, b.len - offset_);
    ram_.read(b.addr + offset_, dst + done, n);  // checked when the chain was read
    done += n;
    offset_ += n;
    if (offset_ == b.len) {
      ++index_;
      offset_ = 0;
    }
  }
  return done;
}

size_t ChainReader::skip(size_t len) {
  size_t done = 0;
  while (done < len && index_ < buffers_.size()) {
    const size_t n = std::min<size_t>(len - done, buffers_[index_].len - offset_);
    done += n;
    offset_ += n;
    if (offset_ == buffers_[index_].len) {
      ++index_;
      offset_ = 0;
    }
  }
  return done;
}

size_t ChainWriter::write(const void* in, size_t len) {
  const auto* src = static_cast<const uint8_t*>(in);
  size_t done = 0;
  while (done < len && index_ < buffers_.size()) {
    const VirtBuffer& b = buffers_[index_];
    const size_t n = std::min<size_t>(len - done, b.len - offset_);
    ram_.write(b.addr + offset_, src + done, n);
    done += n;
    offset_ += n;
    if (offset_ == b.len) {
      ++index_;
      offset_ = 0;
    }
  }
  total_ += done;
  return done;
}

namespace {

// Calls fn(addr, len) for the pieces of [offset, offset+len) of `buffers`; returns false when
// they hold fewer bytes.
template <typename Fn>
bool for_each_piece(const std::vector<VirtBuffer>& buffers, uint64_t offset, uint64_t len, Fn fn) {
  for (const VirtBuffer& b : buffers) {
    if (len == 0) break;
    if (offset >= b.len) {
      offset -= b.len;
      continue;
    }
    const uint64_t n = std::min<uint64_t>(len, b.len - offset);
    fn(b.addr + offset, n);
    len -= n;
    offset = 0;
  }
  return len == 0;
}

}  // namespace

bool chain_iovecs(Ram& ram, const std::vector<VirtBuffer>& buffers, uint64_t offset, uint64_t len,
                  std::vector<iovec>& out) {
  out.clear();
  return for_each_piece(buffers, offset, len, [&](uint64_t addr, uint64_t n) {
    if (n) out.push_back({ram.ptr(addr), static_cast<size_t>(n)});
  });
}

void mark_written(Ram& ram, const std::vector<VirtBuffer>& buffers, uint64_t offset, uint64_t len) {
  for_each_piece(buffers, offset, len, [&](uint64_t addr, uint64_t n) { ram.written(addr, n); });
}

}  // namespace microvm::devices

namespace microvm::devices {

void VirtQueue::save(SnapshotWriter& out) const {
  out.boolean(running_);
  out.boolean(broken_);
  out.string(error_);
  out.u16(layout_.size);
  out.u64(layout_.desc);
  out.u64(layout_.avail);
  out.u64(layout_.used);
  out.boolean(event_idx_);
  out.boolean(indirect_);
  out.u16(last_avail_);
  out.u16(used_idx_);
  out.u16(signalled_used_);
  out.boolean(signalled_valid_);
}

void VirtQueue::load(SnapshotReader& in) {
  const bool running = in.boolean(), broken = in.boolean();
  std::string error = in.string();
  Layout layout;
  layout.size = in.u16();
  layout.desc = in.u64();
  layout.avail = in.u64();
  layout.used = in.u64();
  const bool event_idx = in.boolean(), indirect = in.boolean();
  stop();
  if (running) {
    start(layout, event_idx, indirect);
    if (broken_ && !broken) in.fail(fmt::format("a running virtqueue's rings are unusable: {}", error_));
  }
  layout_ = layout;
  event_idx_ = event_idx;
  indirect_ = indirect;
  if (broken) fail(error.empty() ? "broken" : error);
  last_avail_ = in.u16();
  used_idx_ = in.u16();
  signalled_used_ = in.u16();
  signalled_valid_ = in.boolean();
}

}  // namespace microvm::devices
