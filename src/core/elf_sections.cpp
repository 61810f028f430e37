#include "core/elf_sections.h"

#include <elf.h>

#include <cstring>

#include "core/error.h"

namespace microvm {
namespace {

constexpr uint32_t kShtRiscvAttributes = 0x70000003;
constexpr unsigned kTagRiscvArch = 5, kTagPrivSpec = 8, kTagPrivSpecMinor = 10, kTagPrivSpecRevision = 12;

template <typename T>
T read_at(std::span<const uint8_t> bytes, uint64_t offset, const std::string& name) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
    throw user_error("{}: corrupt ELF file (truncated at offset {:#x})", name, offset);
  }
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

std::span<const uint8_t> section_bytes(std::span<const uint8_t> bytes, const Elf64_Shdr& sh,
                                       const std::string& name) {
  if (sh.sh_type == SHT_NOBITS) return {};
  if (sh.sh_offset > bytes.size() || sh.sh_size > bytes.size() - sh.sh_offset) {
    throw user_error("{}: corrupt ELF file (a section lies outside the file)", name);
  }
  return bytes.subspan(sh.sh_offset, sh.sh_size);
}

std::string string_at(std::span<const uint8_t> table, uint64_t offset) {
  if (offset >= table.size()) return {};
  const char* start = reinterpret_cast<const char*>(table.data() + offset);
  return std::string(start, strnlen(start, table.size() - offset));
}

uint64_t read_uleb128(std::span<const uint8_t> data, size_t& pos) {
  uint64_t value = 0;
  for (unsigned shift = 0; pos < data.size() && shift < 64; shift += 7) {
    const uint8_t byte = data[pos++];
    value |= uint64_t{byte & 0x7Fu} << shift;
    if (!(byte & 0x80)) break;
  }
  return value;
}

// The arch string and privileged spec version of a .riscv.attributes section ("A", then "riscv"
// subsections of tagged values).
void read_riscv_attributes(std::span<const uint8_t> data, ElfContents& contents) {
  if (data.empty() || data[0] != 'A') return;
  size_t pos = 1;
  while (pos + 4 <= data.size()) {
    uint32_t length;
    std::memcpy(&length, data.data() + pos, 4);
    if (length < 4 || length > data.size() - pos) return;
    const std::span<const uint8_t> sub = data.subspan(pos + 4, length - 4);
    pos += length;
    const std::string vendor = string_at(sub, 0);
    if (vendor != "riscv") continue;
    size_t at = vendor.size() + 1;
    while (at + 5 <= sub.size()) {
      const uint8_t kind = sub[at];
      uint32_t size;
      std::memcpy(&size, sub.data() + at + 1, 4);
      if (size < 5 || size > sub.size() - at) return;
      const std::span<const uint8_t> attributes = sub.subspan(at + 5, size - 5);
      at += size;
      if (kind != 1) continue;  // Tag_File; section and symbol attributes do not name the arch
      size_t i = 0;
      while (i < attributes.size()) {
        const uint64_t tag = read_uleb128(attributes, i);
        const bool is_string = tag == kTagRiscvArch || (tag >= 32 && (tag & 1));
        if (!is_string) {
          const uint64_t value = read_uleb128(attributes, i);
          if (tag == kTagPrivSpec || tag == kTagPrivSpecMinor || tag == kTagPrivSpecRevision) {
            contents.riscv_priv_spec[(tag - kTagPrivSpec) / 2] = static_cast<uint32_t>(value);
          }
          continue;
        }
        const std::string value = string_at(attributes, i);
        i += value.size() + 1;
        if (tag == kTagRiscvArch) contents.riscv_arch = value;
      }
    }
  }
}

}  // namespace

ElfContents read_elf_contents(std::span<const uint8_t> bytes, const std::string& name) {
  if (bytes.size() < EI_NIDENT || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0) {
    throw user_error("{}: not an ELF file", name);
  }
  if (bytes[EI_CLASS] != ELFCLASS64) throw user_error("{}: not a 64-bit (ELFCLASS64) ELF file", name);
  if (bytes[EI_DATA] != ELFDATA2LSB) throw user_error("{}: big-endian ELF file", name);
  const auto eh = read_at<Elf64_Ehdr>(bytes, 0, name);
  ElfContents contents;
  contents.machine = eh.e_machine;
  if (eh.e_shoff == 0 || eh.e_shnum == 0) return contents;
  if (eh.e_shentsize != sizeof(Elf64_Shdr))
    throw user_error("{}: corrupt ELF file (section header size)", name);
  std::vector<Elf64_Shdr> headers;
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    headers.push_back(read_at<Elf64_Shdr>(bytes, eh.e_shoff + uint64_t{i} * sizeof(Elf64_Shdr), name));
  }
  std::span<const uint8_t> names;
  if (eh.e_shstrndx < headers.size()) names = section_bytes(bytes, headers[eh.e_shstrndx], name);
  for (unsigned i = 0; i < headers.size(); ++i) {
    const Elf64_Shdr& sh = headers[i];
    ElfSection section{string_at(names, sh.sh_name),  i, sh.sh_type, sh.sh_flags, sh.sh_addr, sh.sh_size,
                       section_bytes(bytes, sh, name)};
    if (sh.sh_type == kShtRiscvAttributes) read_riscv_attributes(section.data, contents);
    if (sh.sh_type == SHT_SYMTAB) {
      if (sh.sh_link >= headers.size()) throw user_error("{}: corrupt ELF file (symbol string table)", name);
      const std::span<const uint8_t> strings = section_bytes(bytes, headers[sh.sh_link], name);
      for (uint64_t off = sizeof(Elf64_Sym); off + sizeof(Elf64_Sym) <= section.data.size();
           off += sizeof(Elf64_Sym)) {
        Elf64_Sym sym;
        std::memcpy(&sym, section.data.data() + off, sizeof(sym));
        contents.symbols.push_back({string_at(strings, sym.st_name), sym.st_value, sym.st_size,
                                    static_cast<uint8_t>(ELF64_ST_TYPE(sym.st_info)),
                                    static_cast<uint8_t>(ELF64_ST_BIND(sym.st_info)), sym.st_shndx});
      }
    }
    contents.sections.push_back(std::move(section));
  }
  return contents;
}

}  // namespace microvm
