#include "riscv/device_tree.h"

#include <fmt/format.h>
#include <libfdt.h>

#include <cstring>
#include <stdexcept>

#include "core/error.h"

namespace microvm::riscv {
namespace {

// A thin checked layer over libfdt's sequential-write API.
class FdtWriter {
 public:
  explicit FdtWriter(size_t capacity) : blob_(capacity) {
    check(fdt_create(blob_.data(), static_cast<int>(blob_.size())));
    check(fdt_finish_reservemap(blob_.data()));
  }
  void begin(const std::string& name) { check(fdt_begin_node(blob_.data(), name.c_str())); }
  void end() { check(fdt_end_node(blob_.data())); }
  void prop(const char* name) { check(fdt_property(blob_.data(), name, nullptr, 0)); }
  void prop(const char* name, const std::string& value) {
    check(fdt_property_string(blob_.data(), name, value.c_str()));
  }
  void prop(const char* name, const char* value) { prop(name, std::string(value)); }
  // A list of strings ("a\0b\0").
  void prop(const char* name, const std::vector<std::string>& values) {
    std::string joined;
    for (const auto& v : values) joined.append(v).push_back('\0');
    check(fdt_property(blob_.data(), name, joined.data(), static_cast<int>(joined.size())));
  }
  void cells(const char* name, std::initializer_list<uint32_t> values) {
    cells(name, std::vector<uint32_t>(values));
  }
  void cells(const char* name, const std::vector<uint32_t>& values) {
    std::vector<fdt32_t> be;
    for (uint32_t v : values) be.push_back(cpu_to_fdt32(v));
    check(fdt_property(blob_.data(), name, be.data(), static_cast<int>(be.size() * sizeof(fdt32_t))));
  }
  void reg(uint64_t base, uint64_t size) {
    cells("reg", {static_cast<uint32_t>(base >> 32), static_cast<uint32_t>(base),
                  static_cast<uint32_t>(size >> 32), static_cast<uint32_t>(size)});
  }
  std::vector<uint8_t> finish() {
    check(fdt_finish(blob_.data()));
    check(fdt_pack(blob_.data()));
    blob_.resize(fdt_totalsize(blob_.data()));
    return std::move(blob_);
  }

 private:
  static void check(int err) {
    if (err < 0) throw std::runtime_error(fmt::format("device tree: {}", fdt_strerror(err)));
  }
  std::vector<uint8_t> blob_;
};

std::string hex_name(const char* name, uint64_t address) { return fmt::format("{}@{:x}", name, address); }

// A device under /soc; hart h's interrupt controller has phandle first_hart_phandle + 2h.
void write_device(FdtWriter& w, const DeviceTreeParams::Placed& d, uint32_t phandle, uint32_t intc_parent,
                  unsigned harts, uint32_t first_hart_phandle) {
  const DeviceNode& n = d.node;
  w.begin(hex_name(n.name.c_str(), d.base));
  if (phandle) w.cells("phandle", {phandle});
  if (n.irq) {
    w.cells("interrupts", {n.irq});
    w.cells("interrupt-parent", {intc_parent});
  }
  for (const auto& [name, value] : n.cells) w.cells(name.c_str(), {value});
  w.reg(d.base, n.size);
  if (!n.hart_irqs.empty()) {
    std::vector<uint32_t> targets;
    const size_t per_hart = n.hart_irqs.size() / harts;
    for (size_t k = 0; k < n.hart_irqs.size(); ++k) {
      const uint32_t hart = static_cast<uint32_t>(k / per_hart);
      targets.insert(targets.end(), {first_hart_phandle + 2 * hart, n.hart_irqs[k]});
    }
    w.cells("interrupts-extended", targets);
  }
  if (n.interrupt_controller) w.prop("interrupt-controller");
  w.prop("compatible", n.compatible);
  if (n.interrupt_controller) {
    w.cells("#address-cells", {0});
    w.cells("#interrupt-cells", {1});
  }
  w.end();
}

}  // namespace

std::vector<uint8_t> build_device_tree(const DeviceTreeParams& p) {
  // Phandles: the interrupt controller 1, then the devices other nodes point to (syscon), then one
  // per hart's interrupt controller and one per cpu node.
  std::vector<uint32_t> phandles(p.devices.size(), 0);
  uint32_t next = 2, intc_parent = 0;
  for (size_t i = 0; i < p.devices.size(); ++i) {
    if (p.devices[i].node.interrupt_controller) phandles[i] = intc_parent = 1;
  }
  for (size_t i = 0; i < p.devices.size(); ++i) {
    if (!p.devices[i].node.syscon_actions.empty()) phandles[i] = next++;
  }
  const uint32_t first_hart_phandle = next;
  auto intc_phandle = [&](unsigned hart) { return first_hart_phandle + 2 * hart; };
  auto cpu_phandle = [&](unsigned hart) { return first_hart_phandle + 1 + 2 * hart; };
  const DeviceTreeParams::Placed* serial = nullptr;
  for (const auto& d : p.devices) {
    if (d.node.name == "serial" && serial == nullptr) serial = &d;
  }

  FdtWriter w(64 * 1024 + p.harts * 1024 + p.bootargs.size());
  w.begin("");
  w.cells("#address-cells", {2});
  w.cells("#size-cells", {2});
  w.prop("compatible", "riscv-virtio");
  w.prop("model", "riscv-virtio,qemu");

  w.begin("chosen");
  if (!p.bootargs.empty()) w.prop("bootargs", p.bootargs);
  if (serial) w.prop("stdout-path", hex_name("/soc/serial", serial->base));
  if (p.initrd) {
    w.cells("linux,initrd-start",
            {static_cast<uint32_t>(p.initrd->first >> 32), static_cast<uint32_t>(p.initrd->first)});
    w.cells("linux,initrd-end",
            {static_cast<uint32_t>(p.initrd->second >> 32), static_cast<uint32_t>(p.initrd->second)});
  }
  w.end();

  for (size_t i = 0; i < p.devices.size(); ++i) {
    for (const auto& action : p.devices[i].node.syscon_actions) {
      w.begin(action.node);
      w.cells("value", {action.value});
      w.cells("offset", {0});
      w.cells("regmap", {phandles[i]});
      w.prop("compatible", action.compatible);
      w.end();
    }
  }

  w.begin(hex_name("memory", p.ram_base));
  w.prop("device_type", "memory");
  w.reg(p.ram_base, p.ram_size);
  w.end();

  if (p.screen) {
    // Linux's simplefb (and any kernel that reads the tree) finds the screen here; the reservation
    // keeps the kernel's allocator out of it.
    w.begin("reserved-memory");
    w.cells("#address-cells", {2});
    w.cells("#size-cells", {2});
    w.prop("ranges");
    w.begin(hex_name("framebuffer", p.screen->base));
    w.reg(p.screen->base, p.screen->reserve);
    w.prop("no-map");
    w.end();
    w.end();
    w.begin(hex_name("framebuffer", p.screen->base));
    w.prop("compatible", "simple-framebuffer");
    w.reg(p.screen->base, uint64_t{p.screen->width} * p.screen->height * 4);
    w.cells("width", {p.screen->width});
    w.cells("height", {p.screen->height});
    w.cells("stride", {p.screen->width * 4});
    w.prop("format", "a8r8g8b8");
    w.end();
  }

  w.begin("cpus");
  w.cells("#address-cells", {1});
  w.cells("#size-cells", {0});
  w.cells("timebase-frequency", {static_cast<uint32_t>(p.timebase_hz)});
  for (unsigned h = 0; h < p.harts; ++h) {
    w.begin(fmt::format("cpu@{}", h));
    w.cells("phandle", {cpu_phandle(h)});
    w.prop("device_type", "cpu");
    w.cells("reg", {h});
    w.prop("status", "okay");
    w.prop("compatible", "riscv");
    w.prop("riscv,isa", p.isa);
    w.prop("riscv,isa-base", "rv64i");
    w.prop("riscv,isa-extensions", p.extensions);
    w.prop("mmu-type", p.mmu_type);
    w.cells("riscv,cbom-block-size", {64});
    w.cells("riscv,cboz-block-size", {64});
    w.begin("interrupt-controller");
    w.cells("#interrupt-cells", {1});
    w.prop("interrupt-controller");
    w.prop("compatible", "riscv,cpu-intc");
    w.cells("phandle", {intc_phandle(h)});
    w.end();
    w.end();
  }
  w.begin("cpu-map");
  w.begin("cluster0");
  for (unsigned h = 0; h < p.harts; ++h) {
    w.begin(fmt::format("core{}", h));
    w.cells("cpu", {cpu_phandle(h)});
    w.end();
  }
  w.end();
  w.end();
  w.end();  // cpus

  w.begin("soc");
  w.cells("#address-cells", {2});
  w.cells("#size-cells", {2});
  w.prop("compatible", "simple-bus");
  w.prop("ranges");
  for (size_t i = 0; i < p.devices.size(); ++i) {
    write_device(w, p.devices[i], phandles[i], intc_parent, p.harts, first_hart_phandle);
  }
  w.end();  // soc
  w.end();  // root
  return w.finish();
}

}  // namespace microvm::riscv

namespace microvm::riscv {

std::vector<uint8_t> patch_chosen(std::span<const uint8_t> blob, const std::string& name,
                                  const std::string& bootargs,
                                  std::optional<std::pair<uint64_t, uint64_t>> initrd) {
  if (blob.size() < sizeof(fdt_header) || fdt_check_header(blob.data()) != 0 ||
      fdt_totalsize(blob.data()) > blob.size()) {
    throw user_error("{}: not a flattened device tree (dtb) file", name);
  }
  std::vector<uint8_t> out(blob.size() + bootargs.size() + 1024);
  if (fdt_open_into(blob.data(), out.data(), static_cast<int>(out.size())) != 0) {
    throw user_error("{}: corrupt device tree", name);
  }
  int chosen = fdt_path_offset(out.data(), "/chosen");
  if (chosen < 0) chosen = fdt_add_subnode(out.data(), 0, "chosen");
  auto check = [&](int err) {
    if (err < 0) throw user_error("{}: cannot update /chosen: {}", name, fdt_strerror(err));
  };
  check(chosen);
  if (!bootargs.empty()) check(fdt_setprop_string(out.data(), chosen, "bootargs", bootargs.c_str()));
  if (initrd) {
    check(fdt_setprop_u64(out.data(), chosen, "linux,initrd-start", initrd->first));
    check(fdt_setprop_u64(out.data(), chosen, "linux,initrd-end", initrd->second));
  }
  check(fdt_pack(out.data()));
  out.resize(fdt_totalsize(out.data()));
  return out;
}

namespace {

bool printable_strings(const char* data, int len) {
  if (len == 0 || data[len - 1] != '\0') return false;
  for (int i = 0; i < len; ++i) {
    const unsigned char c = static_cast<unsigned char>(data[i]);
    if (c == 0) {
      if (i == 0 || data[i - 1] == '\0') return false;  // empty strings: not a string list
    } else if (c < 0x20 || c > 0x7E) {
      return false;
    }
  }
  return true;
}

std::string property_value(const char* data, int len) {
  if (len == 0) return "";
  if (printable_strings(data, len)) {
    std::string text = " = ";
    for (int start = 0; start < len;) {
      const int n = static_cast<int>(strlen(data + start));
      text += fmt::format("{}\"{}\"", start ? ", " : "", std::string(data + start, n));
      start += n + 1;
    }
    return text;
  }
  if (len % 4 == 0) {
    std::string text = " = <";
    for (int i = 0; i < len; i += 4) {
      uint32_t v;
      std::memcpy(&v, data + i, 4);
      text += fmt::format("{}0x{:x}", i ? " " : "", fdt32_to_cpu(v));
    }
    return text + ">";
  }
  std::string text = " = [";
  for (int i = 0; i < len; ++i) text += fmt::format("{}{:02x}", i ? " " : "", static_cast<uint8_t>(data[i]));
  return text + "]";
}

void print_node(const void* fdt, int node, int depth, std::string& out) {
  const std::string indent(depth, '\t');
  const char* name = fdt_get_name(fdt, node, nullptr);
  out += fmt::format("{}{} {{\n", indent, depth == 0 ? "/" : name);
  int prop;
  fdt_for_each_property_offset(prop, fdt, node) {
    int len;
    const char* prop_name;
    const char* data = static_cast<const char*>(fdt_getprop_by_offset(fdt, prop, &prop_name, &len));
    out += fmt::format("{}\t{}{};\n", indent, prop_name, property_value(data, len));
  }
  int child;
  fdt_for_each_subnode(child, fdt, node) {
    out += "\n";
    print_node(fdt, child, depth + 1, out);
  }
  out += fmt::format("{}}};\n", indent);
}

}  // namespace

std::string device_tree_source(std::span<const uint8_t> blob) {
  std::string out = "/dts-v1/;\n\n";
  print_node(blob.data(), 0, 0, out);
  return out;
}

}  // namespace microvm::riscv
