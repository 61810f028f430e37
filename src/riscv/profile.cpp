#include "riscv/profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "riscv/trace.h"

namespace microvm::riscv {

namespace {

// Without a symbol, each 256-byte stretch of code is a "function" of its own.
std::string function_at(uint64_t pc, const Symbols& symbols) {
  const std::optional<Symbols::Hit> hit = symbols.lookup(pc);
  return hit ? *hit->name : fmt::format("{:#x}", pc & ~0xFFull);
}

}  // namespace

std::vector<Profile::Row> Profile::functions(int hart, const Symbols& symbols) const {
  std::map<std::string, uint64_t> totals;
  for (size_t h = 0; h < harts_.size(); ++h) {
    if (hart >= 0 && static_cast<size_t>(hart) != h) continue;
    for (const auto& [pc, count] : harts_[h].pcs) totals[function_at(pc, symbols)] += count;
  }
  std::vector<Row> rows;
  for (auto& [name, count] : totals) rows.push_back({name, count});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.instructions > b.instructions; });
  return rows;
}

void Profile::print(std::FILE* out, const Symbols& symbols, unsigned top) const {
  for (size_t h = 0; h < harts_.size(); ++h) {
    const HartProfile& p = harts_[h];
    const uint64_t total = p.by_priv[0] + p.by_priv[1] + p.by_priv[3];
    if (total == 0) {
      fmt::print(out, "profile: hart {}: no instructions\n", h);
      continue;
    }
    auto pct = [total](uint64_t n) { return 100.0 * static_cast<double>(n) / static_cast<double>(total); };
    fmt::print(out, "profile: hart {}: {} instructions (M {:.1f}%, S {:.1f}%, U {:.1f}%)\n", h, total,
               pct(p.by_priv[3]), pct(p.by_priv[1]), pct(p.by_priv[0]));
    const std::vector<Row> rows = functions(static_cast<int>(h), symbols);
    fmt::print(out, "  {:>6}  {:>14}  {}\n", "%", "instructions", "function");
    for (size_t i = 0; i < rows.size() && i < top; ++i)
      fmt::print(out, "  {:6.2f}  {:14}  {}\n", pct(rows[i].instructions), rows[i].instructions,
                 rows[i].function);
    if (rows.size() > top) fmt::print(out, "  ... {} more functions\n", rows.size() - top);
    std::string traps;
    for (unsigned c = 0; c < 16; ++c) {
      if (p.traps[c])
        traps += fmt::format("{}{} {}", traps.empty() ? "" : ", ", p.traps[c], cause_name(c, false));
    }
    for (unsigned c = 0; c < 16; ++c) {
      if (p.interrupts[c])
        traps += fmt::format("{}{} {}", traps.empty() ? "" : ", ", p.interrupts[c], cause_name(c, true));
    }
    if (!traps.empty()) fmt::print(out, "  traps: {}\n", traps);
  }
}

void Profile::write_table(std::FILE* out, const Symbols& symbols) const {
  fmt::print(out, "hart\tfunction\tinstructions\tpercent\n");
  for (size_t h = 0; h < harts_.size(); ++h) {
    const HartProfile& p = harts_[h];
    const uint64_t total = p.by_priv[0] + p.by_priv[1] + p.by_priv[3];
    for (const Row& row : functions(static_cast<int>(h), symbols)) {
      fmt::print(out, "{}\t{}\t{}\t{:.2f}\n", h, row.function, row.instructions,
                 total ? 100.0 * static_cast<double>(row.instructions) / static_cast<double>(total) : 0.0);
    }
  }
}

void Profile::write_folded(std::FILE* out, const Symbols& symbols) const {
  for (size_t h = 0; h < harts_.size(); ++h) {
    // Stacks that differ only in addresses inside the same functions fold into one line.
    std::map<std::string, uint64_t> folded;
    for (const auto& [stack, count] : harts_[h].stacks) {
      std::string line = fmt::format("hart{}", h);
      // A return address points after its call: the call itself is 2 or 4 bytes before it.
      for (size_t i = stack.size(); i-- > 0;)
        line += ";" + function_at(i == 0 ? stack[i] : stack[i] - 2, symbols);
      folded[line] += count;
    }
    for (const auto& [line, count] : folded) fmt::print(out, "{} {}\n", line, count);
  }
}

}  // namespace microvm::riscv
