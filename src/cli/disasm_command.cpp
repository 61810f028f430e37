#include "cli/disasm_command.h"

#include <elf.h>
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/disasm_listing.h"
#include "core/elf.h"
#include "core/elf_sections.h"
#include "core/error.h"
#include "core/file.h"
#include "core/numbers.h"

namespace microvm::cli {
namespace {

struct DisasmCommand {
  std::vector<std::string> files;
  bool raw = false;
  std::string base = "0";
  std::string start;
  std::string count;
  std::string march;
  bool no_aliases = false;
};

// objdump's symbol table for an ELF file: what it would print an address against.
void add_symbols(const ElfContents& elf, const std::vector<int>& section_of_index, ListingInput& input) {
  for (const ElfSymbol& symbol : elf.symbols) {
    if (symbol.name.empty() || symbol.type == STT_SECTION || symbol.type == STT_FILE) continue;
    if (symbol.section == SHN_UNDEF || symbol.section == SHN_COMMON) continue;
    ListingSymbol entry{symbol.name, symbol.value, symbol.size, -1};
    if (symbol.section != SHN_ABS) {
      if (symbol.section >= section_of_index.size()) continue;
      entry.section = section_of_index[symbol.section];
    }
    entry.function = symbol.type == STT_FUNC;
    entry.object = symbol.type == STT_OBJECT;
    entry.local = symbol.binding == STB_LOCAL;
    entry.global = symbol.binding == STB_GLOBAL;
    input.symbols.push_back(std::move(entry));
  }
}

void read_elf(const std::string& file, std::span<const uint8_t> bytes, ListingInput& input) {
  const ElfContents elf = read_elf_contents(bytes, file);
  if (elf.machine != kElfMachineRiscv) {
    throw user_error("{}: not a RISC-V ELF file (machine {}); microvm disasm reads RISC-V programs", file,
                     elf.machine);
  }
  input.extensions = riscv::ext::kRv64gc;
  if (!elf.riscv_arch.empty()) {
    if (auto extensions = riscv::parse_isa_string(elf.riscv_arch)) input.extensions = *extensions;
  }
  const uint32_t* priv = elf.riscv_priv_spec;
  if (priv[0] == 1 && priv[1] == 9 && priv[2] == 1) input.priv_spec = riscv::PrivSpec::k1_9_1;
  if (priv[0] == 1 && priv[1] == 10) input.priv_spec = riscv::PrivSpec::k1_10;
  if (priv[0] == 1 && priv[1] == 11) input.priv_spec = riscv::PrivSpec::k1_11;
  // Sections are listed by their index in `input.sections`; every section is kept so that
  // symbols in data sections still name addresses.
  std::vector<int> section_of_index(elf.sections.size(), -1);
  for (const ElfSection& section : elf.sections) {
    if (section.type == SHT_NULL || !(section.flags & SHF_ALLOC)) continue;
    section_of_index[section.index] = static_cast<int>(input.sections.size());
    const bool code = (section.flags & SHF_EXECINSTR) && section.type != SHT_NOBITS;
    input.sections.push_back({section.name, section.address, section.data, code});
  }
  add_symbols(elf, section_of_index, input);
  bool any_code = false;
  for (const ListingSection& section : input.sections) any_code = any_code || section.code;
  if (!any_code) throw user_error("{}: ELF file has no code sections to disassemble", file);
}

ListingInput read_input(const DisasmCommand& c, const std::string& file, const std::vector<uint8_t>& bytes) {
  ListingInput input;
  input.aliases = !c.no_aliases;
  if (c.raw) {
    if (bytes.empty()) throw user_error("{}: file is empty", file);
    input.sections.push_back({".data", parse_number(c.base, "--base"), bytes, true});
    input.labels = false;
  } else if (is_elf(bytes)) {
    read_elf(file, bytes, input);
  } else {
    throw user_error("{}: not an ELF file (for raw bytes, such as a Linux Image, use --raw --base ADDRESS)",
                     file);
  }
  if (!c.march.empty()) {
    const std::optional<uint32_t> extensions = riscv::parse_isa_string(c.march);
    if (!extensions || !(*extensions & riscv::ext::kI)) {
      throw user_error("--march {}: not an RV64 ISA string (such as rv64gc or rv64imac_zicsr_zba)", c.march);
    }
    input.extensions = *extensions;
  }
  if (!c.start.empty()) input.start = parse_number(c.start, "--start");
  if (!c.count.empty()) input.count = parse_number(c.count, "--count");
  return input;
}

int run(const DisasmCommand& c) {
  // Every file is read and checked before anything is listed: a mistake is one line, not a
  // listing cut short.
  std::vector<std::vector<uint8_t>> contents;
  std::vector<ListingInput> inputs;
  for (const std::string& file : c.files) {
    contents.push_back(read_file(file));
    inputs.push_back(read_input(c, file, contents.back()));
  }
  for (size_t i = 0; i < c.files.size(); ++i) {
    // objdump's header, which also tells several files apart.
    fmt::print("\n{}:     file format {}\n", c.files[i], c.raw ? "binary" : "elf64-littleriscv");
    std::fflush(stdout);
    print_listing(inputs[i]);
  }
  return 0;
}

}  // namespace

void add_disasm_command(CLI::App& app, std::function<int()>& action) {
  auto c = std::make_shared<DisasmCommand>();
  CLI::App* cmd =
      app.add_subcommand("disasm", "Disassemble a RISC-V ELF file or raw binary, as objdump -d does");
  cmd->add_option("files", c->files, "ELF files, or raw bytes with --raw")->required();
  cmd->add_flag("--raw", c->raw, "The file is raw bytes (a Linux Image, a flat binary), not ELF");
  cmd->add_option("--base", c->base, "Address of a raw file's first byte (default 0)");
  cmd->add_option("--start", c->start, "First address to list");
  cmd->add_option("--count", c->count, "Number of instructions to list at most");
  cmd->add_option("--march", c->march,
                  "ISA to decode (default: the ELF file's, or every extension microvm implements)");
  cmd->add_flag("--no-aliases", c->no_aliases, "No pseudo-instructions, as objdump -M no-aliases");
  cmd->callback([c, &action] { action = [c] { return run(*c); }; });
}

}  // namespace microvm::cli
