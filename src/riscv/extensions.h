// The extensions the hart implements, in one table: it drives misa, the device tree's riscv,isa
// string and riscv,isa-extensions list, and which instructions decode (an instruction of an
// extension that is off is illegal). --cpu turns the optional ones off.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace microvm::riscv {

enum class Ext : uint8_t {
  kI,
  kM,
  kA,
  kF,
  kD,
  kC,
  kZicbom,
  kZicboz,
  kZicclsm,
  kZicntr,
  kZicond,
  kZicsr,
  kZifencei,
  kZihintntl,
  kZihintpause,
  kZihpm,
  kZawrs,
  kZfa,
  kZfh,
  kZfhmin,
  kZcb,
  kZba,
  kZbb,
  kZbc,
  kZbs,
  kZkt,
  kSscofpmf,
  kSstc,
  kSvinval,
  kSvnapot,
  kSvpbmt,
  kCount
};

struct ExtensionInfo {
  Ext ext;
  const char* name;  // as in riscv,isa and --cpu
  bool optional;     // --cpu may turn it off
};

// In the canonical order of the ISA string (unprivileged spec 29.6): single letters, then Z
// extensions by their category letter (in the order IMAFDQLCBKJTPVH) and name, then S extensions.
inline constexpr ExtensionInfo kExtensions[] = {
    {Ext::kI, "i", false},
    {Ext::kM, "m", true},
    {Ext::kA, "a", true},
    {Ext::kF, "f", true},
    {Ext::kD, "d", true},
    {Ext::kC, "c", true},
    {Ext::kZicbom, "zicbom", true},
    {Ext::kZicboz, "zicboz", true},
    {Ext::kZicclsm, "zicclsm", false},  // misaligned loads and stores work (emulated), a claim
    {Ext::kZicntr, "zicntr", false},
    {Ext::kZicond, "zicond", true},
    {Ext::kZicsr, "zicsr", false},
    {Ext::kZifencei, "zifencei", false},
    {Ext::kZihintntl, "zihintntl", true},
    {Ext::kZihintpause, "zihintpause", true},
    {Ext::kZihpm, "zihpm", false},
    {Ext::kZawrs, "zawrs", true},
    {Ext::kZfa, "zfa", true},
    {Ext::kZfh, "zfh", true},
    {Ext::kZfhmin, "zfhmin", true},
    {Ext::kZcb, "zcb", true},
    {Ext::kZba, "zba", true},
    {Ext::kZbb, "zbb", true},
    {Ext::kZbc, "zbc", true},
    {Ext::kZbs, "zbs", true},
    {Ext::kZkt, "zkt", false},  // data-independent timing: a claim (docs/compatibility.md)
    {Ext::kSscofpmf, "sscofpmf", false},
    {Ext::kSstc, "sstc", true},
    {Ext::kSvinval, "svinval", true},
    {Ext::kSvnapot, "svnapot", true},
    {Ext::kSvpbmt, "svpbmt", true},
};
static_assert(std::size(kExtensions) == static_cast<size_t>(Ext::kCount));
static_assert(static_cast<size_t>(Ext::kCount) <= 64);

// An extension that needs another one: --cpu refuses to turn the second off while the first is on.
struct ExtensionDependency {
  Ext ext;
  Ext needs;
};
inline constexpr ExtensionDependency kDependencies[] = {
    {Ext::kD, Ext::kF},      {Ext::kZfa, Ext::kF}, {Ext::kZfh, Ext::kZfhmin},
    {Ext::kZfhmin, Ext::kF}, {Ext::kZcb, Ext::kC},
};

// A set of extensions; all of them unless turned off.
class Isa {
 public:
  static Isa all() { return Isa((uint64_t{1} << static_cast<unsigned>(Ext::kCount)) - 1); }
  bool has(Ext e) const { return bits_ & bit(e); }
  void set(Ext e, bool on) { bits_ = on ? bits_ | bit(e) : bits_ & ~bit(e); }
  bool operator==(const Isa&) const = default;

  uint64_t misa() const;                             // MXL = 64, the letters, S and U
  std::string isa_string() const;                    // "rv64imafdc_zicbom_..."
  std::vector<std::string> extension_names() const;  // riscv,isa-extensions

  // Parses --cpu: "rv64" then comma-separated name=on|off (also true/false), e.g.
  // "rv64,zbb=off,m=off". Throws a UserError naming what is wrong.
  static Isa parse(std::string_view spec);

 private:
  explicit Isa(uint64_t bits) : bits_(bits) {}
  static uint64_t bit(Ext e) { return uint64_t{1} << static_cast<unsigned>(e); }
  uint64_t bits_;
};

}  // namespace microvm::riscv
