#include "lamp/assembler.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <vector>

#include "lamp/isa.h"
#include "lamp/layout.h"

namespace microvm::lamp {
namespace {

enum Section { kText = 0, kData = 1, kBss = 2 };

struct Location {
  std::string file;
  int line = 0;
};

template <typename... Args>
[[noreturn]] void fail(const Location& at, fmt::format_string<Args...> format, Args&&... args) {
  throw AsmError(
      fmt::format("{}:{}: error: {}", at.file, at.line, fmt::format(format, std::forward<Args>(args)...)));
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
}
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
}

// Drops a `;` comment, leaving `;` inside string and character literals alone.
std::string strip_comment(const std::string& line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ';') {
      return line.substr(0, i);
    }
  }
  return line;
}

// Splits operands at top-level commas.
std::vector<std::string> split_operands(const std::string& text) {
  std::vector<std::string> out;
  if (trim(text).empty()) return out;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      current += c;
      if (c == '\\' && i + 1 < text.size())
        current += text[++i];
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  out.push_back(trim(current));
  return out;
}

// Expressions: numbers (decimal, 0x, 0b, 'c'), macros, labels, `.` (this address), parentheses,
// unary - ~ +, and the C binary operators * / % + - << >> & ^ | with C precedence.
class ExprParser {
 public:
  using Lookup = std::function<std::optional<int64_t>(const std::string&)>;
  ExprParser(std::string_view text, const Location& at, Lookup lookup)
      : s_(text), at_(at), lookup_(std::move(lookup)) {}

  int64_t parse() {
    const int64_t v = binary(0);
    skip();
    if (pos_ != s_.size()) fail(at_, "unexpected '{}' in expression '{}'", s_.substr(pos_), s_);
    return v;
  }

 private:
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  // Returns the operator at pos_ and its precedence (higher binds tighter), or 0.
  int peek_op(std::string& op) {
    skip();
    static const std::pair<const char*, int> ops[] = {{"<<", 5}, {">>", 5}, {"|", 1}, {"^", 2}, {"&", 3},
                                                      {"+", 6},  {"-", 6},  {"*", 7}, {"/", 7}, {"%", 7}};
    for (const auto& [text, prec] : ops) {
      if (s_.substr(pos_).starts_with(text)) {
        op = text;
        return prec;
      }
    }
    return 0;
  }
  int64_t binary(int min_prec) {
    int64_t lhs = unary();
    for (;;) {
      std::string op;
      const int prec = peek_op(op);
      if (prec == 0 || prec <= min_prec) return lhs;
      pos_ += op.size();
      const int64_t rhs = binary(prec);
      lhs = apply(op, lhs, rhs);
    }
  }
  int64_t apply(const std::string& op, int64_t a, int64_t b) {
    if ((op == "/" || op == "%") && b == 0) fail(at_, "division by zero in expression '{}'", s_);
    if (op == "+") return a + b;
    if (op == "-") return a - b;
    if (op == "*") return a * b;
    if (op == "/") return a / b;
    if (op == "%") return a % b;
    if (op == "<<") return static_cast<int64_t>(static_cast<uint64_t>(a) << (b & 63));
    if (op == ">>") return a >> (b & 63);
    if (op == "&") return a & b;
    if (op == "^") return a ^ b;
    return a | b;
  }
  int64_t unary() {
    skip();
    if (pos_ < s_.size() && (s_[pos_] == '-' || s_[pos_] == '~' || s_[pos_] == '+')) {
      const char op = s_[pos_++];
      const int64_t v = unary();
      return op == '-' ? -v : op == '~' ? ~v : v;
    }
    return primary();
  }
  int64_t primary() {
    skip();
    if (pos_ >= s_.size()) fail(at_, "missing value in expression '{}'", s_);
    const char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      const int64_t v = binary(0);
      skip();
      if (pos_ >= s_.size() || s_[pos_] != ')') fail(at_, "missing ')' in expression '{}'", s_);
      ++pos_;
      return v;
    }
    if (c == '\'') {
      if (pos_ + 2 < s_.size() && s_[pos_ + 1] != '\\' && s_[pos_ + 2] == '\'') {
        pos_ += 3;
        return static_cast<unsigned char>(s_[pos_ - 2]);
      }
      fail(at_, "bad character literal in '{}'", s_);
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t end = pos_;
      while (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '_')) ++end;
      std::string digits(s_.substr(pos_, end - pos_));
      pos_ = end;
      std::erase(digits, '_');
      int base = 10;
      std::string body = digits;
      if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        base = 16, body = digits.substr(2);
      else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B'))
        base = 2, body = digits.substr(2);
      uint64_t v = 0;
      for (char d : body) {
        const int digit = std::isdigit(static_cast<unsigned char>(d))    ? d - '0'
                          : std::isxdigit(static_cast<unsigned char>(d)) ? std::tolower(d) - 'a' + 10
                                                                         : 99;
        if (digit >= base) fail(at_, "bad number '{}'", digits);
        if (v > (~0ull - static_cast<uint64_t>(digit)) / static_cast<uint64_t>(base)) {
          fail(at_, "number '{}' is too large", digits);
        }
        v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
      }
      return static_cast<int64_t>(v);
    }
    if (ident_start(c)) {
      size_t end = pos_ + 1;
      while (end < s_.size() && ident_char(s_[end])) ++end;
      const std::string name(s_.substr(pos_, end - pos_));
      pos_ = end;
      if (std::optional<int64_t> v = lookup_(name)) return *v;
      fail(at_, "undefined symbol '{}'", name);
    }
    fail(at_, "unexpected '{}' in expression '{}'", c, s_);
  }

  std::string_view s_;
  size_t pos_ = 0;
  const Location& at_;
  Lookup lookup_;
};

struct Statement {
  Location at;
  Section section;
  uint32_t offset;
  std::string name;  // lower case mnemonic or directive
  std::vector<std::string> operands;
};

class Assembler {
 public:
  explicit Assembler(const AsmOptions& options) : options_(options) {
    macros_ = {{"PROGRAM_BASE", kDefaultTextBase},
               {"MEM_SIZE", kRamSize},
               {"RAM_SIZE", kRamSize},
               {"TIME_BASE", kTimeBase},
               {"FB_BASE", kFbBase},
               {"FB_ALIAS_BASE", kFbAliasBase},
               {"FB_WIDTH", kFbWidth},
               {"FB_HEIGHT", kFbHeight},
               {"FB_STRIDE", kFbStride},
               {"SYSINFO_BASE", kSysinfoBase},
               {"INTC_BASE", kIntcBase},
               {"INTC_EOI", kIntcBase + 0x500},
               {"IOMMU_BASE", kIommuBase},
               {"MMU_BASE", kMmuBase}};
    for (const auto& [name, value] : options.macros) macros_[name] = value;
  }

  void add_file(const std::string& path, const Location* from) {
    std::ifstream in(path);
    if (!in) {
      if (from) fail(*from, "cannot open included file '{}'", path);
      throw AsmError(fmt::format("{}: error: cannot open file", path));
    }
    std::stringstream text;
    text << in.rdbuf();
    add_source(text.str(), path);
  }

  void add_source(const std::string& source, const std::string& name) {
    std::istringstream lines(source);
    std::string line;
    Location at{name, 0};
    while (std::getline(lines, line)) {
      ++at.line;
      first_pass_line(strip_comment(line), at);
    }
  }

  Program finish() {
    Program p;
    p.text_base = macros_.at("PROGRAM_BASE");
    size_[kText] = (size_[kText] + 7) & ~7u;  // TEXT_SIZE must be a multiple of 8
    p.text_size = size_[kText];
    p.data_base = p.text_base + p.text_size;
    p.data_size = size_[kData];
    p.bss_base = p.data_base + p.data_size;
    p.bss_size = size_[kBss];
    base_[kText] = p.text_base;
    base_[kData] = p.data_base;
    base_[kBss] = p.bss_base;
    bytes_[kText].assign(p.text_size, 0);
    bytes_[kData].assign(p.data_size, 0);
    for (const Statement& s : statements_) second_pass(s);
    p.text = bytes_[kText];
    p.data = bytes_[kData];
    return p;
  }

 private:
  struct Label {
    Section section;
    uint32_t offset;
  };

  std::optional<int64_t> lookup(const std::string& name, bool labels_known, uint32_t dot) const {
    if (name == ".") {
      if (!labels_known) return std::nullopt;
      return dot;
    }
    if (auto m = macros_.find(name); m != macros_.end()) return m->second;
    if (!labels_known) return std::nullopt;
    if (auto l = labels_.find(name); l != labels_.end()) return base_[l->second.section] + l->second.offset;
    return std::nullopt;
  }
  // A value known in the first pass (sizes, counts, .equ).
  int64_t constant(const std::string& text, const Location& at) {
    return ExprParser(text, at,
                      [&](const std::string& n) -> std::optional<int64_t> {
                        if (auto v = lookup(n, false, 0)) return v;
                        if (labels_.count(n) || n == ".")
                          fail(at, "'{}' must be a constant here, not an address", n);
                        return std::nullopt;
                      })
        .parse();
  }
  int64_t value(const std::string& text, const Location& at, uint32_t dot) {
    return ExprParser(text, at, [&](const std::string& n) { return lookup(n, true, dot); }).parse();
  }
  uint32_t imm32(const std::string& text, const Location& at, uint32_t dot) {
    const int64_t v = value(text, at, dot);
    if (v < -2147483648ll || v > 0xFFFFFFFFll) fail(at, "value {} of '{}' does not fit in 32 bits", v, text);
    return static_cast<uint32_t>(v);
  }

  bool is_register(const std::string& text) const {
    const std::string t = lower(text), prefix = lower(options_.reg_prefix);
    if (t.size() <= prefix.size() || !t.starts_with(prefix)) return false;
    for (size_t i = prefix.size(); i < t.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    }
    return true;
  }
  uint8_t reg(const std::string& text, const Location& at) const {
    if (!is_register(text))
      fail(at, "expected a register ({}0..{}{}), got '{}'", options_.reg_prefix, options_.reg_prefix,
           options_.reg_count - 1, text);
    // Digits only (is_register), but perhaps more than stoul holds: such a number is just too big.
    const std::string digits = text.substr(options_.reg_prefix.size());
    const unsigned long n = digits.size() > 9 ? options_.reg_count : std::stoul(digits);
    if (n >= options_.reg_count)
      fail(at, "register '{}' does not exist (there are {})", text, options_.reg_count);
    return static_cast<uint8_t>(n);
  }

  static std::string decode_string(const std::string& text, const Location& at) {
    if (text.size() < 2 || text.front() != '"' || text.back() != '"')
      fail(at, "expected a string in quotes, got '{}'", text);
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      char c = text[i];
      if (c == '\\' && i + 2 < text.size()) {
        c = text[++i];
        switch (c) {
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case '0': out += '\0'; break;
          case '\\': out += '\\'; break;
          case '"': out += '"'; break;
          default: fail(at, "unknown escape '\\{}'", c);
        }
      } else {
        out += c;
      }
    }
    return out;
  }

  void define_label(const std::string& name, const Location& at) {
    if (labels_.count(name) || macros_.count(name)) fail(at, "'{}' is defined twice", name);
    labels_[name] = {section_, size_[section_]};
  }

  void grow(uint32_t bytes, const Location& at) {
    if (uint64_t{size_[section_]} + bytes > kRamSize) fail(at, "section grows past the 64 MiB of RAM");
    size_[section_] += bytes;
  }
  uint32_t align_padding(int64_t alignment, const Location& at) const {
    if (alignment <= 0 || alignment > 0x100000) fail(at, "bad alignment {}", alignment);
    const uint32_t a = static_cast<uint32_t>(alignment);
    return (a - size_[section_] % a) % a;
  }

  void first_pass_line(const std::string& raw_line, const Location& at) {
    std::string line = trim(raw_line);
    // Labels: "name:" (several may precede a statement).
    for (;;) {
      size_t end = 0;
      if (line.empty() || !ident_start(line[0])) break;
      while (end < line.size() && ident_char(line[end])) ++end;
      if (end < line.size() && line[end] == ':') {
        define_label(line.substr(0, end), at);
        line = trim(line.substr(end + 1));
        continue;
      }
      // "NAME = expr" defines a macro.
      const std::string rest = trim(line.substr(end));
      if (rest.size() > 1 && rest[0] == '=' && rest[1] != '=') {
        set_macro(line.substr(0, end), trim(rest.substr(1)), at);
        line.clear();
      }
      break;
    }
    if (line.empty()) return;
    size_t split = 0;
    while (split < line.size() && !std::isspace(static_cast<unsigned char>(line[split]))) ++split;
    Statement s{at, section_, size_[section_], lower(line.substr(0, split)),
                split_operands(line.substr(split))};
    if (s.name[0] == '.') return directive(s);
    const std::optional<uint8_t> opcode = opcode_by_name(s.name);
    if (!opcode) fail(at, "unknown instruction '{}'", line.substr(0, split));
    if (section_ != kText) fail(at, "instructions are only allowed in .text");
    grow(8, at);
    statements_.push_back(std::move(s));
  }

  void set_macro(const std::string& name, const std::string& expr, const Location& at) {
    if (labels_.count(name)) fail(at, "'{}' is already a label", name);
    const int64_t v = constant(expr, at);
    if (v < -2147483648ll || v > 0xFFFFFFFFll) fail(at, "value of '{}' does not fit in 32 bits", name);
    macros_[name] = static_cast<uint32_t>(v);
  }

  void directive(Statement& s) {
    const std::string& d = s.name;
    const Location& at = s.at;
    auto need = [&](size_t min, size_t max) {
      if (s.operands.size() < min || s.operands.size() > max) fail(at, "wrong number of operands for {}", d);
    };
    if (d == ".text") return void(section_ = kText);
    if (d == ".data") return void(section_ = kData);
    if (d == ".bss") return void(section_ = kBss);
    if (d == ".section") {
      need(1, 4);
      const std::string n = lower(s.operands[0]);
      if (n.starts_with(".text"))
        section_ = kText;
      else if (n.starts_with(".data") || n.starts_with(".rodata"))
        section_ = kData;
      else if (n.starts_with(".bss"))
        section_ = kBss;
      else
        fail(at, "unknown section '{}'", s.operands[0]);
      return;
    }
    if (d == ".global" || d == ".globl" || d == ".extern" || d == ".file" || d == ".loc" || d == ".ident" ||
        d == ".type" || d == ".size" || d.starts_with(".cfi_")) {
      return;
    }
    if (d == ".equ" || d == ".set") {
      need(2, 2);
      return set_macro(s.operands[0], s.operands[1], at);
    }
    if (d == ".include") {
      need(1, 1);
      const std::string name = decode_string(s.operands[0], at);
      const std::filesystem::path base = std::filesystem::path(at.file).parent_path();
      return add_file((base / name).string(), &at);
    }
    if (d == ".align" || d == ".balign" || d == ".p2align") {
      need(1, 2);
      const int64_t n = constant(s.operands[0], at);
      const int64_t alignment = d == ".p2align" ? (n >= 0 && n < 21 ? int64_t{1} << n : -1) : n;
      grow(align_padding(alignment, at), at);
      if (section_ != kBss) statements_.push_back(std::move(s));
      return;
    }
    if (d == ".comm" || d == ".lcomm") {
      need(2, 3);
      const Section saved = section_;
      section_ = kBss;
      if (s.operands.size() == 3) grow(align_padding(constant(s.operands[2], at), at), at);
      define_label(s.operands[0], at);
      grow(static_cast<uint32_t>(constant(s.operands[1], at)), at);
      section_ = saved;
      return;
    }
    uint64_t bytes = 0;
    if (d == ".byte" || d == ".word" || d == ".long" || d == ".quad") {
      need(1, 100000);
      bytes = s.operands.size() * (d == ".byte" ? 1 : d == ".word" ? 2 : d == ".long" ? 4 : 8);
    } else if (d == ".ascii" || d == ".asciz" || d == ".string") {
      need(1, 100000);
      for (const std::string& op : s.operands)
        bytes += decode_string(op, at).size() + (d == ".ascii" ? 0 : 1);
    } else if (d == ".space" || d == ".zero" || d == ".skip") {
      need(1, 2);
      const int64_t n = constant(s.operands[0], at);
      if (n < 0 || n > kRamSize) fail(at, "bad size {} for {}", n, d);
      bytes = static_cast<uint64_t>(n);
      if (section_ == kBss && s.operands.size() == 2) fail(at, "initialised data is not allowed in .bss");
    } else {
      fail(at, "unknown directive '{}'", d);
    }
    if (section_ == kBss && d != ".space" && d != ".zero" && d != ".skip") {
      fail(at, "initialised data is not allowed in .bss");
    }
    grow(static_cast<uint32_t>(bytes), at);
    if (section_ != kBss) statements_.push_back(std::move(s));
  }

  void put(Section sec, uint32_t offset, uint64_t value, unsigned bytes) {
    for (unsigned k = 0; k < bytes; ++k) bytes_[sec][offset + k] = static_cast<uint8_t>(value >> (8 * k));
  }

  void second_pass(const Statement& s) {
    const Location& at = s.at;
    const uint32_t address = base_[s.section] + s.offset;
    const std::string& d = s.name;
    if (d[0] != '.') return instruction(s, address);
    uint32_t offset = s.offset;
    if (d == ".align" || d == ".balign" || d == ".p2align") {
      // In text the padding is MOV r0, r0 (the NOP) where whole instructions fit.
      const uint32_t end = s.offset + [&] {
        const int64_t n = constant(s.operands[0], at);
        const int64_t a = d == ".p2align" ? int64_t{1} << n : n;
        return static_cast<uint32_t>((a - s.offset % a) % a);
      }();
      const uint8_t fill =
          s.operands.size() == 2 ? static_cast<uint8_t>(value(s.operands[1], at, address)) : 0;
      while (offset < end) {
        if (s.section == kText && end - offset >= 8 && offset % 8 == 0) {
          put(kText, offset, encode(op::MOV), 8);
          offset += 8;
        } else {
          bytes_[s.section][offset++] = fill;
        }
      }
      return;
    }
    if (d == ".byte" || d == ".word" || d == ".long" || d == ".quad") {
      const unsigned width = d == ".byte" ? 1 : d == ".word" ? 2 : d == ".long" ? 4 : 8;
      for (const std::string& op : s.operands) {
        const int64_t v = value(op, at, base_[s.section] + offset);
        if (width < 8) {
          const int64_t limit = int64_t{1} << (8 * width);
          if (v < -(limit / 2) || v >= limit) fail(at, "value {} does not fit in {} ({} bytes)", v, d, width);
        }
        put(s.section, offset, static_cast<uint64_t>(v), width);
        offset += width;
      }
      return;
    }
    if (d == ".ascii" || d == ".asciz" || d == ".string") {
      for (const std::string& op : s.operands) {
        std::string text = decode_string(op, at);
        if (d != ".ascii") text += '\0';
        for (char c : text) bytes_[s.section][offset++] = static_cast<uint8_t>(c);
      }
      return;
    }
    if (d == ".space" || d == ".zero" || d == ".skip") {
      const uint32_t n = static_cast<uint32_t>(constant(s.operands[0], at));
      const uint8_t fill =
          s.operands.size() == 2 ? static_cast<uint8_t>(value(s.operands[1], at, address)) : 0;
      for (uint32_t k = 0; k < n; ++k) bytes_[s.section][offset++] = fill;
    }
  }

  void instruction(const Statement& s, uint32_t address) {
    const uint8_t opcode = *opcode_by_name(s.name);
    const OpInfo& info = *op_info(opcode);
    std::vector<std::string> ops = s.operands;
    Insn i{opcode};
    const Location& at = s.at;
    auto expect = [&](size_t n, const char* shape) {
      if (ops.size() != n)
        fail(at, "{} takes {} operand{} ({}), got {}", info.name, n, n == 1 ? "" : "s", shape, ops.size());
    };
    switch (info.form) {
      case Form::kNone: expect(0, "none"); break;
      case Form::kRd:
        expect(1, "rd");
        i.rd = reg(ops[0], at);
        break;
      case Form::kRdRs:
        expect(2, "rd, rs");
        i.rd = reg(ops[0], at), i.rs1 = reg(ops[1], at);
        break;
      case Form::kRdRsRs:
        expect(3, "rd, rs1, rs2");
        i.rd = reg(ops[0], at), i.rs1 = reg(ops[1], at), i.rs2 = reg(ops[2], at);
        break;
      case Form::kRdRsImm:
        expect(3, "rd, rs, imm");
        i.rd = reg(ops[0], at), i.rs1 = reg(ops[1], at), i.imm = imm32(ops[2], at, address);
        break;
      case Form::kRdRsRsImm:
        expect(4, "rd, rs1, rs2, imm");
        i.rd = reg(ops[0], at), i.rs1 = reg(ops[1], at), i.rs2 = reg(ops[2], at),
        i.imm = imm32(ops[3], at, address);
        break;
      case Form::kRdImm:
        expect(2, "rd, imm");
        i.rd = reg(ops[0], at), i.imm = imm32(ops[1], at, address);
        break;
      case Form::kImm:
      case Form::kRelImm:
        // LLVM-style "jz r1, label": a dummy register before the target is accepted and ignored.
        if (ops.size() == 2 && is_register(ops[0])) ops.erase(ops.begin());
        expect(1, info.form == Form::kImm ? "imm" : "target");
        i.imm = imm32(ops[0], at, address);
        if (info.form == Form::kRelImm) i.imm -= address;
        break;
    }
    put(kText, s.offset, encode(i), 8);
  }

  AsmOptions options_;
  std::map<std::string, uint32_t> macros_;
  std::map<std::string, Label> labels_;
  std::vector<Statement> statements_;
  Section section_ = kText;
  uint32_t size_[3] = {};
  uint32_t base_[3] = {};
  std::vector<uint8_t> bytes_[3];
};

}  // namespace

void read_asm_config(const std::string& path, AsmOptions& options) {
  std::ifstream in(path);
  if (!in) throw AsmError(fmt::format("{}: error: cannot open config", path));
  std::string line;
  bool in_macros = false;
  Location at{path, 0};
  while (std::getline(in, line)) {
    ++at.line;
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (trim(line).empty()) continue;
    const bool indented = std::isspace(static_cast<unsigned char>(line[0]));
    const size_t colon = line.find(':');
    if (colon == std::string::npos) fail(at, "expected 'key: value'");
    const std::string key = trim(line.substr(0, colon));
    std::string val = trim(line.substr(colon + 1));
    if (val.size() >= 2 && (val.front() == '"' || val.front() == '\'')) val = val.substr(1, val.size() - 2);
    if (!indented) in_macros = key == "macros";
    if (in_macros && indented) {
      options.macros[key] = static_cast<uint32_t>(
          ExprParser(val, at, [](const std::string&) { return std::optional<int64_t>(); }).parse());
    } else if (key == "reg_count") {
      if (val.empty() || val.size() > 3 || val.find_first_not_of("0123456789") != std::string::npos)
        fail(at, "reg_count: expected a number of registers, got '{}'", val);
      options.reg_count = static_cast<unsigned>(std::stoul(val));
    } else if (key == "reg_prefix") {
      options.reg_prefix = val;
    }
  }
}

Program assemble_file(const std::string& path, const AsmOptions& options) {
  Assembler a(options);
  a.add_file(path, nullptr);
  return a.finish();
}

Program assemble_source(const std::string& source, const std::string& name, const AsmOptions& options) {
  Assembler a(options);
  a.add_source(source, name);
  return a.finish();
}

}  // namespace microvm::lamp
