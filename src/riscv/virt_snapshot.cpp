#include "riscv/virt_snapshot.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/error.h"
#include "core/ram_snapshot.h"
#include "devices/clint.h"
#include "devices/goldfish_rtc.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "devices/rom.h"
#include "devices/uart16550.h"
#include "devices/virtio/virtio_mmio.h"
#include "devices/virtio/virtio_net.h"
#include "riscv/sbi.h"

namespace microvm::riscv {
namespace {

constexpr uint64_t kMaxConsoleQueue = 1 << 20;

std::string virtio_tag(unsigned slot) { return fmt::format("virtio.{}", slot); }
std::string hart_tag(unsigned hart) { return fmt::format("hart.{}", hart); }
std::string vector_tag(unsigned hart) { return fmt::format("vector.{}", hart); }
std::string triggers_tag(unsigned hart) { return fmt::format("triggers.{}", hart); }

}  // namespace

void save_machine(const MachineDescription& d, SnapshotWriter& out) {
  out.string(kVirtMachineName);
  out.u64(d.memory_mib);
  out.u32(d.harts);
  uint64_t extensions = 0;
  for (unsigned e = 0; e < static_cast<unsigned>(Ext::kCount); ++e)
    extensions |= d.isa.has(static_cast<Ext>(e)) ? uint64_t{1} << e : 0;
  out.u64(extensions);
  out.boolean(d.deterministic);
  out.u8(static_cast<uint8_t>(d.stdin_target));
  out.boolean(d.virtio_legacy);
  out.boolean(d.screen);
  out.boolean(d.net);
  out.bytes(d.mac);
  out.u32(static_cast<uint32_t>(d.disks.size()));
  for (const SnapshotDisk& disk : d.disks) {
    out.string(disk.path);
    out.u64(disk.size);
    out.boolean(disk.read_only);
    out.bytes(disk.hash);
  }
  out.u8(static_cast<uint8_t>(d.firmware));
  out.string(d.cmdline);
  out.u64(d.instret);
  out.u64(d.time);
  out.u64(d.clock_hz);
  out.u64(d.device_tree_address);
  out.boolean(d.htif);
  out.u64(d.tohost);
  out.u64(d.fromhost);
  out.blob(d.rom);
}

MachineDescription read_machine(const Snapshot& snapshot) {
  SnapshotReader in = snapshot.reader("machine");
  const std::string machine = in.string(64);
  if (machine != kVirtMachineName) {
    throw user_error("{}: this snapshot is of a '{}' machine, not the RISC-V virt machine", snapshot.name(),
                     machine);
  }
  MachineDescription d;
  d.memory_mib = in.u64();
  if (d.memory_mib < VirtBoard::kMinMemoryMib || d.memory_mib > VirtBoard::kMaxMemoryMib)
    in.fail(fmt::format("{} MiB of RAM", d.memory_mib));
  d.harts = static_cast<unsigned>(in.u32());
  if (d.harts < 1 || d.harts > 64) in.fail(fmt::format("{} harts", d.harts));
  const uint64_t extensions = in.u64();
  if (extensions >> static_cast<unsigned>(Ext::kCount)) in.fail("extensions this microvm does not know");
  for (unsigned e = 0; e < static_cast<unsigned>(Ext::kCount); ++e)
    d.isa.set(static_cast<Ext>(e), (extensions >> e) & 1);
  d.deterministic = in.boolean();
  const uint8_t stdin_target = in.u8();
  if (stdin_target > 1) in.fail("an unknown console input");
  d.stdin_target = static_cast<StdinTarget>(stdin_target);
  d.virtio_legacy = in.boolean();
  d.screen = in.boolean();
  d.net = in.boolean();
  const auto mac = in.bytes(6);
  std::copy(mac.begin(), mac.end(), d.mac.begin());
  const uint32_t disks = in.u32();
  if (disks > virt_map::kMaxDisks) in.fail(fmt::format("{} disks", disks));
  for (uint32_t i = 0; i < disks; ++i) {
    SnapshotDisk disk;
    disk.path = in.string();
    disk.size = in.u64();
    disk.read_only = in.boolean();
    const auto hash = in.bytes(disk.hash.size());
    std::copy(hash.begin(), hash.end(), disk.hash.begin());
    d.disks.push_back(disk);
  }
  const uint8_t firmware = in.u8();
  if (firmware > 2) in.fail("an unknown firmware kind");
  d.firmware = static_cast<FirmwareKind>(firmware);
  d.cmdline = in.string(1 << 16);
  d.instret = in.u64();
  d.time = in.u64();
  d.clock_hz = in.u64();
  d.device_tree_address = in.u64();
  d.htif = in.boolean();
  d.tohost = in.u64();
  d.fromhost = in.u64();
  const auto rom = in.blob(virt_map::kMromSize);
  d.rom.assign(rom.begin(), rom.end());
  in.finish();
  d.keyboard = snapshot.has("keyboard");
  d.tablet = snapshot.has("tablet");
  if (d.isa.has(Ext::kV)) {
    SnapshotReader vector = snapshot.reader(vector_tag(0));
    const uint32_t vlen = vector.u32();
    if (vlen < kMinVlen || vlen > kMaxVlen || (vlen & (vlen - 1))) vector.fail(fmt::format("VLEN {}", vlen));
    d.isa.set_vlen(vlen);
  }
  return d;
}

VirtConfig config_from_snapshot(const MachineDescription& d) {
  VirtConfig config;
  config.memory_mib = d.memory_mib;
  config.harts = d.harts;
  config.isa = d.isa;
  config.deterministic = d.deterministic;
  config.devices.stdin_target = d.stdin_target;
  config.devices.virtio_legacy = d.virtio_legacy;
  config.devices.mac = d.mac;
  config.screen = d.screen;
  config.devices.keyboard = d.keyboard;
  config.devices.tablet = d.tablet;
  return config;
}

std::vector<uint8_t> VirtBoard::rom_bytes() const {
  std::vector<uint8_t> rom;
  if (!rom_) return rom;
  for (uint64_t offset = 0; offset < virt_map::kMromSize; offset += 8) {
    uint64_t value = 0;
    rom_->read(offset, 8, value);
    for (unsigned b = 0; b < 8; ++b) rom.push_back(static_cast<uint8_t>(value >> (8 * b)));
  }
  while (!rom.empty() && rom.back() == 0) rom.pop_back();
  return rom;
}

void VirtBoard::request_snapshot(SnapshotRequest request) {
  {
    std::lock_guard lock(request_mutex_);
    snapshot_request_ = std::move(request);
  }
  run_control_.request_stop(StopReason::kSnapshot, 0);
}

std::optional<VirtBoard::SnapshotRequest> VirtBoard::take_snapshot_request() {
  std::lock_guard lock(request_mutex_);
  return std::exchange(snapshot_request_, std::nullopt);
}

void VirtBoard::check_same_machine(const Snapshot& s) const {
  const MachineDescription d = read_machine(s);
  std::vector<std::string> differs;
  if (d.memory_mib != config_.memory_mib) differs.push_back(fmt::format("{} MiB of RAM", d.memory_mib));
  if (d.harts != config_.harts) differs.push_back(fmt::format("{} harts", d.harts));
  if (!(d.isa == config_.isa)) differs.push_back("other extensions (--cpu)");
  if (d.deterministic != config_.deterministic)
    differs.push_back(d.deterministic ? "deterministic" : "threaded");
  if (d.stdin_target != config_.devices.stdin_target) differs.push_back("another --stdin");
  if (d.virtio_legacy != config_.devices.virtio_legacy) differs.push_back("another virtio transport version");
  if (d.screen != config_.screen) differs.push_back(d.screen ? "a screen" : "no screen");
  if (d.keyboard != config_.devices.keyboard) differs.push_back(d.keyboard ? "a keyboard" : "no keyboard");
  if (d.tablet != config_.devices.tablet) differs.push_back(d.tablet ? "a tablet" : "no tablet");
  if (d.net != (config_.devices.net != nullptr) || (d.net && d.mac != config_.devices.mac))
    differs.push_back("another network card");
  if (d.disks.size() != config_.devices.disks.size()) {
    differs.push_back(fmt::format("{} disks", d.disks.size()));
  } else {
    for (size_t i = 0; i < d.disks.size(); ++i) {
      DiskImage& disk = *config_.devices.disks[i];
      if (d.disks[i].path != disk.path() || d.disks[i].size != disk.size()) {
        differs.push_back(fmt::format("disk {} is {}", i, d.disks[i].path));
      } else {
        disk.flush();
        if (sha256_file(disk.path()) != d.disks[i].hash)
          differs.push_back(fmt::format("{} held other content then", disk.path()));
      }
    }
  }
  if (d.firmware != firmware_kind_ || d.rom != rom_bytes() || d.htif != (htif_ != nullptr) ||
      (d.htif && (d.tohost != htif_tohost_ || d.fromhost != htif_fromhost_)))
    differs.push_back("another boot (firmware, kernel entry or HTIF)");
  if (!differs.empty()) {
    std::string list;
    for (const std::string& x : differs) list += (list.empty() ? "" : "; ") + x;
    throw user_error(
        "{}: taken on another machine ({}); loadvm loads this machine's snapshots only (start a new "
        "run with --load-snapshot for others)",
        s.name(), list);
  }
}

Snapshot VirtBoard::save_snapshot(SnapshotUse use) {
  const bool hash_disks = use == SnapshotUse::kFile;
  Snapshot s;
  MachineDescription d;
  d.memory_mib = config_.memory_mib;
  d.harts = config_.harts;
  d.isa = config_.isa;
  d.deterministic = config_.deterministic;
  d.stdin_target = config_.devices.stdin_target;
  d.virtio_legacy = config_.devices.virtio_legacy;
  d.screen = config_.screen;
  d.net = config_.devices.net != nullptr;
  d.mac = config_.devices.mac;
  for (DiskImage* disk : config_.devices.disks) {
    disk->flush();
    d.disks.push_back(
        {disk->path(), disk->size(), disk->read_only(), hash_disks ? sha256_file(disk->path()) : Sha256{}});
  }
  d.firmware = firmware_kind_;
  d.cmdline = cmdline_;
  d.instret = harts_.at(0)->instret();
  d.time = clock_.now();
  d.clock_hz = clock_.hz();
  d.device_tree_address = device_tree_address_;
  d.htif = htif_ != nullptr;
  d.tohost = htif_tohost_;
  d.fromhost = htif_fromhost_;
  d.rom = rom_bytes();
  SnapshotWriter machine;
  save_machine(d, machine);
  s.add("machine", std::move(machine));
  // A section of its own, so that snapshots of machines without one read as before.
  if (config_.devices.keyboard) s.add("keyboard", SnapshotWriter());
  if (config_.devices.tablet) s.add("tablet", SnapshotWriter());

  auto add = [&s](std::string tag, auto& part) {
    SnapshotWriter w;
    part.save(w);
    s.add(std::move(tag), std::move(w));
  };
  for (unsigned h = 0; h < harts_.size(); ++h) add(hart_tag(h), *harts_[h]);
  if (config_.isa.has(Ext::kV)) {
    for (unsigned h = 0; h < harts_.size(); ++h) {
      SnapshotWriter w;
      harts_[h]->save_vector(w);
      s.add(vector_tag(h), std::move(w));
    }
  }
  for (unsigned h = 0; h < harts_.size(); ++h) {
    if (harts_[h]->triggers().programmed()) add(triggers_tag(h), harts_[h]->triggers());
  }
  if (sbi_) add("sbi", *sbi_);
  add("clint", *clint_);
  add("plic", *plic_);
  add("uart", *uart_);
  add("rtc", *rtc_);
  if (htif_) add("htif", *htif_);
  for (unsigned i = 0; i < virtio_.size(); ++i) add(virtio_tag(i), *virtio_[i]);
  SnapshotWriter console;
  const std::string queued = console_.queued_input();
  console.blob(std::span(reinterpret_cast<const uint8_t*>(queued.data()), queued.size()));
  s.add("console", std::move(console));
  if (use != SnapshotUse::kCheckpoint) {
    SnapshotWriter ram;
    save_ram(*ram_, ram, hash_disks ? RamCompression::kSmall : RamCompression::kFast);
    s.add("ram", std::move(ram));
  }
  return s;
}

void VirtBoard::load_snapshot(const Snapshot& s, bool with_ram) {
  const MachineDescription d = read_machine(s);
  SnapshotReader check = s.reader("machine");
  check.expect(d.memory_mib, config_.memory_mib, "the RAM size in MiB");
  check.expect(d.harts, config_.harts, "the number of harts");
  if (!(d.isa == config_.isa)) check.fail("the harts' extensions differ from this machine's");
  check.expect(d.clock_hz, clock_.hz(), "the timer frequency");
  check.expect(d.disks.size(), config_.devices.disks.size(), "the number of disks");
  check.expect(d.net, config_.devices.net != nullptr, "the network card");

  clock_.set(d.time);
  firmware_kind_ = d.firmware;
  cmdline_ = d.cmdline;
  device_tree_address_ = d.device_tree_address;
  // A board loads a snapshot once after it is built, and again (time travel) only snapshots it
  // saved itself: the ROM, the HTIF and the SBI it has are those of the snapshot then.
  if (!d.rom.empty() && !rom_) {
    rom_ = std::make_unique<devices::Rom>(d.rom);
    bus_->map(virt_map::kMrom, virt_map::kMromSize, *rom_);
  }
  if (d.htif && !htif_) {
    if (!ram_->contains(d.tohost, devices::Htif::kSize) || (d.fromhost && !ram_->contains(d.fromhost, 8)))
      check.fail("the HTIF's tohost or fromhost is not in RAM");
    htif_ = std::make_unique<devices::Htif>(*bus_, console_, run_control_, d.fromhost);
    htif_tohost_ = d.tohost;
    htif_fromhost_ = d.fromhost;
    bus_->map(d.tohost, devices::Htif::kSize, *htif_);
  }
  auto load = [&s](std::string_view tag, auto& part) {
    SnapshotReader in = s.reader(tag);
    part.load(in);
  };
  load("clint", *clint_);
  load("uart", *uart_);
  load("rtc", *rtc_);
  if (htif_) load("htif", *htif_);
  for (unsigned i = 0; i < virtio_.size(); ++i) load(virtio_tag(i), *virtio_[i]);
  // The PLIC last: its saved levels and pending bits win over what the devices drove while loading.
  load("plic", *plic_);
  for (unsigned h = 0; h < harts_.size(); ++h) {
    reservations_->clear(h);
    load(hart_tag(h), *harts_[h]);
  }
  if (d.isa.has(Ext::kV)) {
    for (unsigned h = 0; h < harts_.size(); ++h) {
      SnapshotReader in = s.reader(vector_tag(h));
      harts_[h]->load_vector(in);
    }
  }
  for (unsigned h = 0; h < harts_.size(); ++h) {
    if (!s.has(triggers_tag(h))) continue;  // left at reset by Hart::load
    SnapshotReader in = s.reader(triggers_tag(h));
    harts_[h]->load_triggers(in);
  }
  if (d.firmware == FirmwareKind::kBuiltin && sbi_) {
    load("sbi", *sbi_);
  } else if (d.firmware == FirmwareKind::kBuiltin) {
    std::vector<Hart*> harts;
    for (auto& hart : harts_) harts.push_back(hart.get());
    sbi_ = std::make_unique<Sbi>(harts, *bus_, console_, run_control_);
    sbi_->set_console_input(config_.devices.stdin_target == StdinTarget::kUart);
    sbi_->set_single_threaded(config_.deterministic);
    load("sbi", *sbi_);
  }
  // RAM last: the small sections are checked before the costly part.
  if (with_ram) {
    SnapshotReader ram = s.reader("ram");
    load_ram(*ram_, ram);
  }
  SnapshotReader console = s.reader("console");
  const auto queued = console.blob(kMaxConsoleQueue);
  console.finish();
  // Decoded code (and, with the JIT, its translations) describes the RAM before the load: this is
  // the one place that drops it for every hart.
  for (auto& hart : harts_) hart->drop_cached_code();
  console_.clear_input();
  if (!queued.empty())
    console_.push_input(std::string_view(reinterpret_cast<const char*>(queued.data()), queued.size()));
}

void VirtBoard::network_replaced() {
  if (!net_) return;
  NetBackend& backend = net_gate_ ? *net_gate_ : *config_.devices.net;
  backend.reset_connections();  // the gate's held frames go too
  net_->lose_link();
}

}  // namespace microvm::riscv
