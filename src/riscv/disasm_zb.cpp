// Printers for Zba, Zbb, Zbc, Zbs, Zicond and the cache-block instructions (Zicbom, Zicboz, and
// Zicbop's prefetches, which are ORI hints and so take precedence over it).
#include "riscv/disasm_printer.h"
#include "riscv/encoding.h"

namespace microvm::riscv::disasm {
namespace {

struct RegisterOp {
  uint32_t funct7, funct3;
  uint32_t extension;
  const char* name;
};

constexpr RegisterOp kOps[] = {
    {0x10, 2, ext::kZba, "sh1add"},       {0x10, 4, ext::kZba, "sh2add"},
    {0x10, 6, ext::kZba, "sh3add"},       {0x20, 7, ext::kZbb, "andn"},
    {0x20, 6, ext::kZbb, "orn"},          {0x20, 4, ext::kZbb, "xnor"},
    {0x05, 6, ext::kZbb, "max"},          {0x05, 7, ext::kZbb, "maxu"},
    {0x05, 4, ext::kZbb, "min"},          {0x05, 5, ext::kZbb, "minu"},
    {0x30, 1, ext::kZbb, "rol"},          {0x30, 5, ext::kZbb, "ror"},
    {0x05, 1, ext::kZbc, "clmul"},        {0x05, 3, ext::kZbc, "clmulh"},
    {0x05, 2, ext::kZbc, "clmulr"},       {0x24, 1, ext::kZbs, "bclr"},
    {0x24, 5, ext::kZbs, "bext"},         {0x34, 1, ext::kZbs, "binv"},
    {0x14, 1, ext::kZbs, "bset"},         {0x07, 5, ext::kZicond, "czero.eqz"},
    {0x07, 7, ext::kZicond, "czero.nez"},
};

constexpr RegisterOp kWordOps[] = {
    {0x04, 0, ext::kZba, "add.uw"},    {0x10, 2, ext::kZba, "sh1add.uw"}, {0x10, 4, ext::kZba, "sh2add.uw"},
    {0x10, 6, ext::kZba, "sh3add.uw"}, {0x30, 1, ext::kZbb, "rolw"},      {0x30, 5, ext::kZbb, "rorw"},
};

template <size_t N>
const RegisterOp* find(const RegisterOp (&ops)[N], const Printer& p) {
  for (const RegisterOp& op : ops) {
    if (op.funct7 == p.funct7() && op.funct3 == p.funct3() && p.has(op.extension)) return &op;
  }
  return nullptr;
}

bool print_op(Printer& p, bool word) {
  const uint32_t rd = p.rd(), rs1 = p.rs1(), rs2 = p.rs2();
  if (word && p.funct7() == 0x04 && p.funct3() == 4 && rs2 == 0 && p.has(ext::kZbb)) {
    return p.emit("zext.h", {x(rd), x(rs1)});
  }
  const RegisterOp* op = word ? find(kWordOps, p) : find(kOps, p);
  if (!op) return false;
  if (p.aliases() && word && op->funct7 == 0x04 && rs2 == 0) return p.emit("zext.w", {x(rd), x(rs1)});
  return p.emit(op->name, {x(rd), x(rs1), x(rs2)});
}

// OP-IMM and OP-IMM-32 with funct3 1 or 5: unary operations and immediate shifts.
bool print_op_imm(Printer& p, bool word) {
  const uint32_t f3 = p.funct3(), imm = p.bits(31, 20), rd = p.rd(), rs1 = p.rs1();
  const auto unary = [&](const char* name, uint32_t extension) {
    return p.has(extension) && p.emit(name, {x(rd), x(rs1)});
  };
  // objdump's default mode names an immediate form after its register form ("ror" for rori).
  const auto shift = [&](const char* name, uint32_t extension, uint32_t amount) {
    std::string shown = name;
    if (p.aliases() && shown != "slli.uw")
      shown = shown == "roriw" ? "rorw" : shown.substr(0, shown.size() - 1);
    return p.has(extension) && p.emit(shown, {x(rd), x(rs1), hex(amount)});
  };
  if (word) {
    if (f3 == 1 && imm == 0x600) return unary("clzw", ext::kZbb);
    if (f3 == 1 && imm == 0x601) return unary("ctzw", ext::kZbb);
    if (f3 == 1 && imm == 0x602) return unary("cpopw", ext::kZbb);
    if (f3 == 1 && (imm >> 6) == 0x02) return shift("slli.uw", ext::kZba, imm & 63);
    if (f3 == 5 && (imm >> 5) == 0x30) return shift("roriw", ext::kZbb, imm & 31);
    return false;
  }
  if (f3 == 1) {
    if (imm == 0x600) return unary("clz", ext::kZbb);
    if (imm == 0x601) return unary("ctz", ext::kZbb);
    if (imm == 0x602) return unary("cpop", ext::kZbb);
    if (imm == 0x604) return unary("sext.b", ext::kZbb);
    if (imm == 0x605) return unary("sext.h", ext::kZbb);
    if ((imm >> 6) == 0x12) return shift("bclri", ext::kZbs, imm & 63);
    if ((imm >> 6) == 0x1A) return shift("binvi", ext::kZbs, imm & 63);
    if ((imm >> 6) == 0x0A) return shift("bseti", ext::kZbs, imm & 63);
    return false;
  }
  if (imm == 0x287) return unary("orc.b", ext::kZbb);
  if (imm == 0x6B8) return unary("rev8", ext::kZbb);
  if ((imm >> 6) == 0x18) return shift("rori", ext::kZbb, imm & 63);
  if ((imm >> 6) == 0x12) return shift("bexti", ext::kZbs, imm & 63);
  return false;
}

}  // namespace

bool print_zb(Printer& p) {
  switch (enc::opcode(p.raw)) {
    case enc::op::kOp: return print_op(p, false);
    case enc::op::kOp32: return print_op(p, true);
    case enc::op::kOpImm: return (p.funct3() == 1 || p.funct3() == 5) && print_op_imm(p, false);
    case enc::op::kOpImm32: return (p.funct3() == 1 || p.funct3() == 5) && print_op_imm(p, true);
    default: return false;
  }
}

bool print_zicbo(Printer& p) {
  const uint32_t opcode = enc::opcode(p.raw), rs1 = p.rs1();
  if (opcode == enc::op::kMiscMem && p.funct3() == 2 && p.rd() == 0) {
    const uint32_t op = p.bits(31, 20);
    const std::string address = "(" + x(rs1) + ")";
    if (op == 0 && p.has(ext::kZicbom)) return p.emit("cbo.inval", {address});
    if (op == 1 && p.has(ext::kZicbom)) return p.emit("cbo.clean", {address});
    if (op == 2 && p.has(ext::kZicbom)) return p.emit("cbo.flush", {address});
    if (op == 4 && p.has(ext::kZicboz)) return p.emit("cbo.zero", {address});
    return false;
  }
  if (opcode == enc::op::kOpImm && p.funct3() == 6 && p.rd() == 0 && p.has(ext::kZicbop)) {
    static constexpr const char* kNames[] = {"prefetch.i", "prefetch.r", nullptr, "prefetch.w"};
    const uint32_t which = p.rs2();
    if (which > 3 || !kNames[which]) return false;
    return p.emit(kNames[which], {mem(enc::imm_i(p.raw) & ~31, rs1)});
  }
  return false;
}

}  // namespace microvm::riscv::disasm
