#include "riscv/debug_memory.h"

#include <fmt/format.h>

namespace microvm::riscv {
namespace {

// Where one byte range inside a page is, physically.
bool physical_address(Hart& hart, uint64_t va, bool physical, uint64_t& pa) {
  if (physical) {
    pa = va;
    return true;
  }
  if (hart.debug_translate(va, Hart::Access::kRead, pa)) return true;
  pa = va;  // not mapped: try it as a physical address
  return true;
}

bool readable_rom(Bus& bus, uint64_t pa, uint64_t len) {
  const Bus::Mapping* m = bus.find_device(pa);
  return m && m->device->name() == "rom" && m->contains(pa + len - 1);
}

struct Level {
  unsigned levels;
  const char* name;
};

Level paging_mode(uint64_t satp) {
  switch (satp >> satp_bits::kModeShift) {
    case satp_bits::kModeSv39: return {3, "Sv39"};
    case satp_bits::kModeSv48: return {4, "Sv48"};
    case satp_bits::kModeSv57: return {5, "Sv57"};
    default: return {0, "Bare"};
  }
}

std::string pte_flags(uint64_t pte) {
  using namespace pte_bits;
  std::string s;
  const char names[] = "VRWXUGAD";
  for (int b = 0; b < 8; ++b) s.push_back((pte >> b) & 1 ? names[b] : '-');
  return s;
}

bool read_pte(Bus& bus, uint64_t pa, uint64_t& pte) { return bus.ram().read(pa, &pte, 8); }

}  // namespace

bool debug_read(Hart& hart, uint64_t address, size_t len, std::vector<uint8_t>& out, bool physical) {
  out.assign(len, 0);
  Bus& bus = hart.bus();
  size_t done = 0;
  while (done < len) {
    const uint64_t va = address + done;
    const size_t chunk = std::min<uint64_t>(len - done, 4096 - (va & 0xFFF));
    uint64_t pa;
    physical_address(hart, va, physical, pa);
    if (bus.ram().contains(pa, chunk) && bus.find_device(pa) == nullptr) {
      bus.ram().read(pa, out.data() + done, chunk);
    } else if (readable_rom(bus, pa, chunk)) {
      for (size_t i = 0; i < chunk; ++i) {
        uint64_t value;
        if (!bus.read(pa + i, 1, value)) return false;
        out[done + i] = static_cast<uint8_t>(value);
      }
    } else {
      if (done == 0) return false;
      out.resize(done);  // a partial read, as GDB accepts
      return true;
    }
    done += chunk;
  }
  return true;
}

bool debug_write(Hart& hart, uint64_t address, const std::vector<uint8_t>& bytes, bool physical) {
  Bus& bus = hart.bus();
  size_t done = 0;
  while (done < bytes.size()) {
    const uint64_t va = address + done;
    const size_t chunk = std::min<uint64_t>(bytes.size() - done, 4096 - (va & 0xFFF));
    uint64_t pa;
    physical_address(hart, va, physical, pa);
    if (!bus.ram().contains(pa, chunk) || bus.find_device(pa) != nullptr) return false;
    // Ram::write invalidates decoded code in the pages, as device DMA does.
    bus.ram().write(pa, bytes.data() + done, chunk);
    done += chunk;
  }
  return true;
}

std::string describe_walk(Hart& hart, uint64_t va) {
  const uint64_t satp = hart.csr.satp;
  const Level mode = paging_mode(satp);
  std::string out = fmt::format("satp={:#x} mode={}", satp, mode.name);
  if (mode.levels == 0) return out + fmt::format(": no translation, pa={:#x}\n", va);
  out += fmt::format(" asid={:#x} root={:#x}\n", (satp >> satp_bits::kAsidShift) & satp_bits::kAsidMask,
                     (satp & satp_bits::kPpnMask) << 12);
  // Privileged spec 12.3.2 (Sv39; Sv48/57 add levels): VPN[i] is 9 bits from bit 12 + 9i.
  const unsigned va_bits = 12 + 9 * mode.levels;
  const uint64_t top = static_cast<uint64_t>(static_cast<int64_t>(va << (64 - va_bits)) >> (64 - va_bits));
  if (top != va) return out + fmt::format("va {:#x} is not canonical for {}: page fault\n", va, mode.name);
  uint64_t table = (satp & satp_bits::kPpnMask) << 12;
  for (int level = static_cast<int>(mode.levels) - 1; level >= 0; --level) {
    const uint64_t index = (va >> (12 + 9 * level)) & 0x1FF;
    const uint64_t pte_pa = table + index * 8;
    uint64_t pte;
    if (!read_pte(hart.bus(), pte_pa, pte))
      return out + fmt::format("  L{} [{:3}] pte@{:#x}: not in RAM: access fault\n", level, index, pte_pa);
    const uint64_t ppn = (pte >> pte_bits::kPpnShift) & pte_bits::kPpnMask;
    out += fmt::format("  L{} [{:3}] pte@{:#x} = {:#018x} {} ppn={:#x}", level, index, pte_pa, pte,
                       pte_flags(pte), ppn);
    if (!(pte & pte_bits::kV) || (!(pte & pte_bits::kR) && (pte & pte_bits::kW)))
      return out + ": invalid: page fault\n";
    if (pte & (pte_bits::kR | pte_bits::kX)) {
      const uint64_t page_bits = 12 + 9 * static_cast<unsigned>(level);
      if (ppn & ((1ull << (page_bits - 12)) - 1)) return out + ": misaligned superpage: page fault\n";
      const uint64_t pa = (ppn << 12 & ~((1ull << page_bits) - 1)) | (va & ((1ull << page_bits) - 1));
      const char* size = level == 0 ? "4 KiB" : level == 1 ? "2 MiB" : level == 2 ? "1 GiB" : "512 GiB";
      return out + fmt::format(": leaf ({} page)\n  pa={:#x}\n", size, pa);
    }
    out += ": next level\n";
    table = ppn << 12;
  }
  return out + "  no leaf at level 0: page fault\n";
}

std::string describe_mappings(Hart& hart) {
  const uint64_t satp = hart.csr.satp;
  const Level mode = paging_mode(satp);
  if (mode.levels == 0) return fmt::format("satp={:#x}: no translation (bare)\n", satp);
  std::string out = fmt::format("{} root={:#x}\n", mode.name, (satp & satp_bits::kPpnMask) << 12);
  struct Range {
    uint64_t va = 0, pa = 0, size = 0, flags = 0;
  } run;
  unsigned lines = 0;
  auto flush = [&] {
    if (run.size && lines++ < 256)
      out += fmt::format("  {:016x}-{:016x} -> {:#x} {}\n", run.va, run.va + run.size, run.pa,
                         pte_flags(run.flags));
    run.size = 0;
  };
  const unsigned va_bits = 12 + 9 * mode.levels;
  auto visit = [&](auto& self, uint64_t table, int level, uint64_t va_base) -> void {
    for (uint64_t i = 0; i < 512; ++i) {
      uint64_t pte;
      if (!read_pte(hart.bus(), table + i * 8, pte)) return;
      if (!(pte & pte_bits::kV)) continue;
      uint64_t va = va_base | i << (12 + 9 * level);
      if (va >> (va_bits - 1) & 1) va |= ~0ull << va_bits;  // sign-extend the upper half
      const uint64_t ppn = (pte >> pte_bits::kPpnShift) & pte_bits::kPpnMask;
      if (pte & (pte_bits::kR | pte_bits::kX)) {
        const uint64_t size = 1ull << (12 + 9 * level), pa = ppn << 12, flags = pte & 0xFF;
        if (run.size && run.va + run.size == va && run.pa + run.size == pa && run.flags == flags) {
          run.size += size;
        } else {
          flush();
          run = {va, pa, size, flags};
        }
      } else if (level > 0) {
        self(self, ppn << 12, level - 1, va);
      }
    }
  };
  visit(visit, (satp & satp_bits::kPpnMask) << 12, static_cast<int>(mode.levels) - 1, 0);
  flush();
  if (lines > 256) out += fmt::format("  ... {} more ranges\n", lines - 256);
  return out;
}

}  // namespace microvm::riscv
