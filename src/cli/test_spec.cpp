#include "cli/test_spec.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/error.h"

namespace microvm::cli {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kKeys[] = {"name",   "machine", "kernel",  "bios",      "memory",
                                      "cpus",   "args",    "timeout", "exit_code", "stop_when_done",
                                      "repeat", "expect",  "forbid",  "input"};

class SpecReader {
 public:
  explicit SpecReader(const fs::path& file) : file_(file) {}

  [[nodiscard]] UserError error(const toml::node& n, std::string_view message) const {
    return user_error("{}:{}: {}", file_.string(), n.source().begin.line, message);
  }

  std::string string(const toml::node& n, std::string_view key) const {
    if (auto s = n.value<std::string>()) return *s;
    throw error(n, fmt::format("'{}' must be a string", key));
  }

  int64_t integer(const toml::node& n, std::string_view key, int64_t low, int64_t high) const {
    auto v = n.value<int64_t>();
    if (!v || *v < low || *v > high)
      throw error(n, fmt::format("'{}' must be a whole number from {} to {}", key, low, high));
    return *v;
  }

  double seconds(const toml::node& n, std::string_view key) const {
    auto v = n.value<double>();
    if (!v || *v < 0 || *v > 86400) throw error(n, fmt::format("'{}' must be a number of seconds", key));
    return *v;
  }

  std::vector<std::string> strings(const toml::node& n, std::string_view key) const {
    const toml::array* list = n.as_array();
    if (!list) throw error(n, fmt::format("'{}' must be a list of strings", key));
    std::vector<std::string> out;
    for (const toml::node& item : *list) out.push_back(string(item, key));
    return out;
  }

  std::vector<Pattern> patterns(const toml::node& n, std::string_view key) const {
    std::vector<Pattern> out;
    for (const std::string& s : strings(n, key)) {
      Pattern p;
      p.text = s;
      if (s.starts_with("re:")) {
        p.is_regex = true;
        try {
          p.regex = std::regex(s.substr(3), std::regex::ECMAScript | std::regex::multiline);
        } catch (const std::regex_error& e) {
          throw error(n, fmt::format("'{}': bad regular expression {}: {}", key, s.substr(3), e.what()));
        }
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  // Applies the keys of table `t` to `c`.
  void apply(const toml::table& t, TestCase& c, bool top_level) const {
    for (const auto& [k, node] : t) {
      const std::string_view key = k.str();
      if (key == "test" && top_level) continue;
      bool known = false;
      for (std::string_view name : kKeys) known = known || key == name;
      if (!known) {
        std::string names;
        for (std::string_view name : kKeys) names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
        throw error(node,
                    fmt::format("unknown key '{}' (known: {}{})", key, names, top_level ? ", [[test]]" : ""));
      }
      if (key == "name") {
        (top_level ? c.suite : c.name) = string(node, key);
      } else if (key == "machine") {
        c.machine = string(node, key);
        if (c.machine != "riscv" && c.machine != "lamp")
          throw error(node, "'machine' must be \"riscv\" or \"lamp\"");
      } else if (key == "kernel") {
        const fs::path kernel = string(node, key);
        c.kernel = kernel.is_absolute() ? kernel : file_.parent_path() / kernel;
      } else if (key == "bios") {
        c.bios = string(node, key);
        if (c.bios != "none" && c.bios != "builtin" && c.bios != "auto" && fs::path(c.bios).is_relative())
          c.bios = (file_.parent_path() / c.bios).string();
      } else if (key == "memory") {
        c.memory = std::to_string(integer(node, key, 1, 1 << 20));
      } else if (key == "cpus") {
        c.cpus.clear();
        if (const toml::array* list = node.as_array()) {
          for (const toml::node& item : *list)
            c.cpus.push_back(static_cast<unsigned>(integer(item, key, 1, 64)));
          if (c.cpus.empty()) throw error(node, "'cpus' must not be an empty list");
        } else {
          c.cpus.push_back(static_cast<unsigned>(integer(node, key, 1, 64)));
        }
      } else if (key == "args") {
        c.args = strings(node, key);
      } else if (key == "timeout") {
        c.timeout = seconds(node, key);
      } else if (key == "exit_code") {
        c.exit_code = static_cast<int>(integer(node, key, 0, 255));
      } else if (key == "stop_when_done") {
        auto b = node.value<bool>();
        if (!b) throw error(node, "'stop_when_done' must be true or false");
        c.stop_when_done = *b;
      } else if (key == "repeat") {
        c.repeat = static_cast<unsigned>(integer(node, key, 1, 10000));
      } else if (key == "expect") {
        c.expect = patterns(node, key);
      } else if (key == "forbid") {
        c.forbid = patterns(node, key);
      } else if (key == "input") {
        c.input = inputs(node);
      }
    }
  }

  std::vector<InputStep> inputs(const toml::node& n) const {
    const toml::array* list = n.as_array();
    if (!list) throw error(n, "'input' must be a list of tables: [[input]] after = \"...\" send = \"...\"");
    std::vector<InputStep> steps;
    for (const toml::node& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) throw error(item, "each [[input]] must be a table with 'send' and 'after' or 'delay'");
      InputStep step;
      bool has_send = false;
      for (const auto& [k, v] : *t) {
        if (k.str() == "after") {
          step.after = string(v, "after");
        } else if (k.str() == "delay") {
          step.delay = seconds(v, "delay");
        } else if (k.str() == "send") {
          step.send = string(v, "send");
          has_send = true;
        } else {
          throw error(v, fmt::format("unknown key '{}' in [[input]] (known: after, delay, send)", k.str()));
        }
      }
      if (!has_send) throw error(item, "an [[input]] needs 'send'");
      steps.push_back(std::move(step));
    }
    return steps;
  }

 private:
  fs::path file_;
};

}  // namespace

std::pair<size_t, size_t> Pattern::find(const std::string& output, size_t from) const {
  if (from > output.size()) return {std::string::npos, std::string::npos};
  if (!is_regex) {
    const size_t at = output.find(text, from);
    return {at, at == std::string::npos ? at : at + text.size()};
  }
  std::smatch m;
  if (!std::regex_search(output.begin() + static_cast<std::ptrdiff_t>(from), output.end(), m, regex))
    return {std::string::npos, std::string::npos};
  const size_t start = from + static_cast<size_t>(m.position(0));
  return {start, start + static_cast<size_t>(m.length(0))};
}

std::vector<TestCase> load_test_spec(const fs::path& file, const SpecOverrides& overrides) {
  if (!fs::is_regular_file(file)) throw user_error("{}: no such test spec", file.string());
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw user_error("{}:{}:{}: {}", file.string(), e.source().begin.line, e.source().begin.column,
                     e.description());
  }
  SpecReader reader(file);
  TestCase defaults;
  defaults.suite = file.stem().string();
  reader.apply(root, defaults, true);

  std::vector<TestCase> cases;
  if (const toml::node* tests = root.get("test")) {
    const toml::array* list = tests->as_array();
    if (!list || list->empty()) throw reader.error(*tests, "'test' must be a list of tables: [[test]]");
    for (const toml::node& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) throw reader.error(item, "each [[test]] must be a table");
      TestCase c = defaults;
      c.name.clear();
      reader.apply(*t, c, false);
      if (c.name.empty()) c.name = fmt::format("test{}", cases.size() + 1);
      cases.push_back(std::move(c));
    }
  } else {
    if (defaults.name.empty()) defaults.name = defaults.suite;
    cases.push_back(defaults);
  }
  for (TestCase& c : cases) {
    if (c.kernel.empty())
      throw user_error("{}: test '{}' names no kernel (kernel = \"FILE\")", file.string(), c.name);
    if (!overrides.cpus.empty()) c.cpus = overrides.cpus;
    if (overrides.repeat) c.repeat = overrides.repeat;
    if (overrides.timeout > 0) c.timeout = overrides.timeout;
  }
  return cases;
}

std::vector<TestRun> expand_runs(const std::vector<TestCase>& cases) {
  std::vector<TestRun> runs;
  for (const TestCase& c : cases) {
    for (unsigned cpus : c.cpus) {
      for (unsigned i = 1; i <= c.repeat; ++i) {
        std::string name = c.name;
        if (c.cpus.size() > 1 || cpus != 1) name += fmt::format(" [cpus={}]", cpus);
        if (c.repeat > 1) name += fmt::format(" #{}", i);
        runs.push_back({&c, cpus, i, name});
      }
    }
  }
  return runs;
}

}  // namespace microvm::cli
