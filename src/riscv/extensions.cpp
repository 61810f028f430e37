#include "riscv/extensions.h"

#include <fmt/format.h>

#include "core/error.h"

namespace microvm::riscv {

// kExtensions is indexed by Ext.
static_assert([] {
  for (size_t i = 0; i < std::size(kExtensions); ++i)
    if (kExtensions[i].ext != static_cast<Ext>(i)) return false;
  return true;
}());

uint64_t Isa::misa() const {
  uint64_t misa = 2ull << 62;  // MXL: 64-bit
  for (const ExtensionInfo& e : kExtensions) {
    if (has(e.ext) && e.name[1] == '\0') misa |= 1ull << (e.name[0] - 'a');
  }
  return misa | 1ull << ('s' - 'a') | 1ull << ('u' - 'a');
}

std::string Isa::isa_string() const {
  std::string isa = "rv64";
  for (const ExtensionInfo& e : kExtensions) {
    if (!has(e.ext)) continue;
    if (e.name[1] != '\0') isa += '_';
    isa += e.name;
  }
  return isa;
}

std::vector<std::string> Isa::extension_names() const {
  std::vector<std::string> names;
  for (const ExtensionInfo& e : kExtensions) {
    if (has(e.ext)) names.emplace_back(e.name);
  }
  return names;
}

Isa Isa::parse(std::string_view spec) {
  Isa isa = all();
  Isa named_on(0);  // extensions the user asked for by name
  std::string_view rest = spec;
  const size_t comma = rest.find(',');
  const std::string_view base = rest.substr(0, comma);
  if (base != "rv64") {
    throw user_error("--cpu {}: it must start with rv64 (the only base), as in --cpu rv64,zbb=off", spec);
  }
  rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  while (!rest.empty()) {
    const size_t next = rest.find(',');
    const std::string_view item = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    const size_t eq = item.find('=');
    const std::string_view name = item.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    bool on;
    if (value == "on" || value == "true") {
      on = true;
    } else if (value == "off" || value == "false") {
      on = false;
    } else {
      throw user_error("--cpu {}: '{}' should be name=on or name=off", spec, item);
    }
    const ExtensionInfo* found = nullptr;
    for (const ExtensionInfo& e : kExtensions) {
      if (name == e.name) found = &e;
    }
    if (found == nullptr) {
      std::string known;
      for (const ExtensionInfo& e : kExtensions)
        known += fmt::format("{}{}", known.empty() ? "" : " ", e.name);
      throw user_error("--cpu {}: unknown extension '{}' (the extensions are: {})", spec, name, known);
    }
    if (!on || found->optional) {
      if (!found->optional) {
        std::string optional;
        for (const ExtensionInfo& e : kExtensions) {
          if (e.optional) optional += fmt::format("{}{}", optional.empty() ? "" : " ", e.name);
        }
        throw user_error("--cpu {}: {} cannot be turned off (these can: {})", spec, name, optional);
      }
      isa.set(found->ext, on);
    }
    named_on.set(found->ext, on);
  }
  // An extension whose base is off goes with it (f=off takes d, zfa, zfh and zfhmin), unless the
  // user asked for it.
  for (bool changed = true; changed;) {
    changed = false;
    for (const ExtensionDependency& d : kDependencies) {
      if (!isa.has(d.ext) || isa.has(d.needs)) continue;
      const char* name = kExtensions[static_cast<size_t>(d.ext)].name;
      if (named_on.has(d.ext)) {
        throw user_error("--cpu {}: {} needs {}, which is off", spec, name,
                         kExtensions[static_cast<size_t>(d.needs)].name);
      }
      isa.set(d.ext, false);
      changed = true;
    }
  }
  return isa;
}

}  // namespace microvm::riscv
