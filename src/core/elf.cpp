#include "core/elf.h"

#include <elf.h>

#include <cstring>

#include "core/error.h"

namespace microvm {
namespace {

template <typename T>
T read_at(std::span<const uint8_t> bytes, uint64_t offset, const std::string& name) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
    throw user_error("{}: corrupt ELF file (truncated at offset {:#x})", name, offset);
  }
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

bool in_file(std::span<const uint8_t> bytes, uint64_t offset, uint64_t size) {
  return offset <= bytes.size() && size <= bytes.size() - offset;
}

void read_symbols(std::span<const uint8_t> bytes, const Elf64_Ehdr& eh, ElfImage& image,
                  const std::string& name) {
  if (eh.e_shoff == 0 || eh.e_shnum == 0) return;
  if (eh.e_shentsize != sizeof(Elf64_Shdr))
    throw user_error("{}: corrupt ELF file (section header size)", name);
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    const auto sh = read_at<Elf64_Shdr>(bytes, eh.e_shoff + uint64_t{i} * sizeof(Elf64_Shdr), name);
    if (sh.sh_type != SHT_SYMTAB) continue;
    if (sh.sh_link >= eh.e_shnum) throw user_error("{}: corrupt ELF file (symbol string table)", name);
    const auto strtab =
        read_at<Elf64_Shdr>(bytes, eh.e_shoff + uint64_t{sh.sh_link} * sizeof(Elf64_Shdr), name);
    if (!in_file(bytes, sh.sh_offset, sh.sh_size) || !in_file(bytes, strtab.sh_offset, strtab.sh_size)) {
      throw user_error("{}: corrupt ELF file (symbol table outside the file)", name);
    }
    for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh.sh_size; off += sizeof(Elf64_Sym)) {
      const auto sym = read_at<Elf64_Sym>(bytes, sh.sh_offset + off, name);
      const unsigned type = ELF64_ST_TYPE(sym.st_info);
      if (sym.st_name == 0 || sym.st_name >= strtab.sh_size || sym.st_shndx == SHN_UNDEF) continue;
      if (type != STT_NOTYPE && type != STT_OBJECT && type != STT_FUNC) continue;
      const char* str = reinterpret_cast<const char*>(bytes.data() + strtab.sh_offset + sym.st_name);
      const size_t max_len = strtab.sh_size - sym.st_name;
      image.symbols.emplace(std::string(str, strnlen(str, max_len)), sym.st_value);
    }
  }
}

}  // namespace

std::optional<uint64_t> ElfImage::symbol(const std::string& name) const {
  auto it = symbols.find(name);
  if (it == symbols.end()) return std::nullopt;
  return it->second;
}

bool is_elf(std::span<const uint8_t> bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), ELFMAG, SELFMAG) == 0;
}

ElfImage parse_elf64(std::span<const uint8_t> bytes, const std::string& name) {
  if (!is_elf(bytes)) throw user_error("{}: not an ELF file", name);
  if (bytes.size() < EI_NIDENT || bytes[EI_CLASS] != ELFCLASS64) {
    throw user_error("{}: 32-bit ELF file; microvm needs a 64-bit (ELFCLASS64) kernel", name);
  }
  if (bytes[EI_DATA] != ELFDATA2LSB) throw user_error("{}: big-endian ELF file", name);
  const auto eh = read_at<Elf64_Ehdr>(bytes, 0, name);
  if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
    throw user_error("{}: ELF file is not an executable", name);

  ElfImage image;
  image.machine = eh.e_machine;
  image.entry = eh.e_entry;
  if (eh.e_phnum != 0 && eh.e_phentsize != sizeof(Elf64_Phdr)) {
    throw user_error("{}: corrupt ELF file (program header size)", name);
  }
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    const auto ph = read_at<Elf64_Phdr>(bytes, eh.e_phoff + uint64_t{i} * sizeof(Elf64_Phdr), name);
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz || !in_file(bytes, ph.p_offset, ph.p_filesz)) {
      throw user_error("{}: corrupt ELF file (segment {} outside the file)", name, i);
    }
    image.segments.push_back({ph.p_paddr, ph.p_vaddr, ph.p_memsz, bytes.subspan(ph.p_offset, ph.p_filesz)});
  }
  if (image.segments.empty()) throw user_error("{}: ELF file has no loadable segments", name);
  read_symbols(bytes, eh, image, name);
  return image;
}

}  // namespace microvm
