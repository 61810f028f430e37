// The disassembler against objdump: each row is an encoding and the text GNU objdump 2.40 prints
// for it (default mode, then -M no-aliases), taken from objdump on a file holding this sequence
// (rv64imafdc_zicsr_zifencei_zba_zbb_zbc_zbs_zicbom_zicboz_zicbop_zihintpause_svinval, starting
// at 0x80000000, no symbols). The sequence runs through one Disassembler, so the "# address" notes
// that follow lui/auipc are checked too.
#include "riscv/disasm.h"

#include <gtest/gtest.h>

#include <vector>

namespace microvm::riscv {
namespace {

struct Expected {
  uint32_t bits;
  const char* text;
  const char* no_aliases;
};

// clang-format off
const Expected kSequence[] = {
    {0x00000013, "nop", "addi\tzero,zero,0"},
    {0x00100513, "li\ta0,1", "addi\ta0,zero,1"},
    {0x00058513, "mv\ta0,a1", "addi\ta0,a1,0"},
    {0x00a58513, "add\ta0,a1,10", "addi\ta0,a1,10"},
    {0xfff5c513, "not\ta0,a1", "xori\ta0,a1,-1"},
    {0x0ff57513, "zext.b\ta0,a0", "andi\ta0,a0,255"},
    {0x00153513, "seqz\ta0,a0", "sltiu\ta0,a0,1"},
    {0x02059513, "sll\ta0,a1,0x20", "slli\ta0,a1,0x20"},
    {0x0205d513, "srl\ta0,a1,0x20", "srli\ta0,a1,0x20"},
    {0x4025d513, "sra\ta0,a1,0x2", "srai\ta0,a1,0x2"},
    {0x0005051b, "sext.w\ta0,a0", "addiw\ta0,a0,0"},
    {0x0015051b, "addw\ta0,a0,1", "addiw\ta0,a0,1"},
    {0x01f5951b, "sllw\ta0,a1,0x1f", "slliw\ta0,a1,0x1f"},
    {0x00b50533, "add\ta0,a0,a1", "add\ta0,a0,a1"},
    {0x40b00533, "neg\ta0,a1", "sub\ta0,zero,a1"},
    {0x40b50533, "sub\ta0,a0,a1", "sub\ta0,a0,a1"},
    {0x00b52533, "slt\ta0,a0,a1", "slt\ta0,a0,a1"},
    {0x00052533, "sltz\ta0,a0", "slt\ta0,a0,zero"},
    {0x00b02533, "sgtz\ta0,a1", "slt\ta0,zero,a1"},
    {0x00b03533, "snez\ta0,a1", "sltu\ta0,zero,a1"},
    {0x00b51533, "sll\ta0,a0,a1", "sll\ta0,a0,a1"},
    {0x40b5553b, "sraw\ta0,a0,a1", "sraw\ta0,a0,a1"},
    {0x40b0053b, "negw\ta0,a1", "subw\ta0,zero,a1"},
    {0x12345537, "lui\ta0,0x12345", "lui\ta0,0x12345"},
    {0x00001517, "auipc\ta0,0x1", "auipc\ta0,0x1"},
    {0x0080006f, "j\t0x8000006c", "jal\tzero,0x8000006c"},
    {0x008000ef, "jal\t0x80000070", "jal\tra,0x80000070"},
    {0x0080026f, "jal\ttp,0x80000074", "jal\ttp,0x80000074"},
    {0x00008067, "ret", "jalr\tzero,0(ra)"},
    {0x00050067, "jr\ta0 # 0x80001060", "jalr\tzero,0(a0) # 0x80001060"},
    {0x000500e7, "jalr\ta0", "jalr\tra,0(a0)"},
    {0x00450067, "jr\t4(a0)", "jalr\tzero,4(a0)"},
    {0x004500e7, "jalr\t4(a0)", "jalr\tra,4(a0)"},
    {0x00050267, "jalr\ttp,a0", "jalr\ttp,0(a0)"},
    {0x00450267, "jalr\ttp,4(a0)", "jalr\ttp,4(a0)"},
    {0x00b50463, "beq\ta0,a1,0x80000094", "beq\ta0,a1,0x80000094"},
    {0x00050463, "beqz\ta0,0x80000098", "beq\ta0,zero,0x80000098"},
    {0x00b51463, "bne\ta0,a1,0x8000009c", "bne\ta0,a1,0x8000009c"},
    {0x00b04463, "bgtz\ta1,0x800000a0", "blt\tzero,a1,0x800000a0"},
    {0x00055463, "bgez\ta0,0x800000a4", "bge\ta0,zero,0x800000a4"},
    {0x00054463, "bltz\ta0,0x800000a8", "blt\ta0,zero,0x800000a8"},
    {0x00a04463, "bgtz\ta0,0x800000ac", "blt\tzero,a0,0x800000ac"},
    {0x00b56463, "bltu\ta0,a1,0x800000b0", "bltu\ta0,a1,0x800000b0"},
    {0x00b57463, "bgeu\ta0,a1,0x800000b4", "bgeu\ta0,a1,0x800000b4"},
    {0x00853503, "ld\ta0,8(a0)", "ld\ta0,8(a0)"},
    {0x01053583, "ld\ta1,16(a0)", "ld\ta1,16(a0)"},
    {0xff452503, "lw\ta0,-12(a0)", "lw\ta0,-12(a0)"},
    {0x00b53423, "sd\ta1,8(a0)", "sd\ta1,8(a0)"},
    {0x00b52023, "sw\ta1,0(a0)", "sw\ta1,0(a0)"},
    {0x00b51023, "sh\ta1,0(a0)", "sh\ta1,0(a0)"},
    {0x00b50023, "sb\ta1,0(a0)", "sb\ta1,0(a0)"},
    {0x00854503, "lbu\ta0,8(a0)", "lbu\ta0,8(a0)"},
    {0x00856503, "lwu\ta0,8(a0)", "lwu\ta0,8(a0)"},
    {0x0ff0000f, "fence", "fence\tiorw,iorw"},
    {0x0330000f, "fence\trw,rw", "fence\trw,rw"},
    {0x8330000f, "fence.tso", "fence.tso"},
    {0x0100000f, "pause", "pause"},
    {0x0000100f, "fence.i", "fence.i"},
    {0x00000073, "ecall", "ecall"},
    {0x00100073, "ebreak", "ebreak"},
    {0x30200073, "mret", "mret"},
    {0x10200073, "sret", "sret"},
    {0x10500073, "wfi", "wfi"},
    {0x12000073, "sfence.vma", "sfence.vma\tzero,zero"},
    {0x12050073, "sfence.vma\ta0", "sfence.vma\ta0,zero"},
    {0x12b50073, "sfence.vma\ta0,a1", "sfence.vma\ta0,a1"},
    {0x16b50073, "sinval.vma\ta0,a1", "sinval.vma\ta0,a1"},
    {0x18000073, "sfence.w.inval", "sfence.w.inval"},
    {0x18100073, "sfence.inval.ir", "sfence.inval.ir"},
    {0x02b50533, "mul\ta0,a0,a1", "mul\ta0,a0,a1"},
    {0x02b51533, "mulh\ta0,a0,a1", "mulh\ta0,a0,a1"},
    {0x02b52533, "mulhsu\ta0,a0,a1", "mulhsu\ta0,a0,a1"},
    {0x02b53533, "mulhu\ta0,a0,a1", "mulhu\ta0,a0,a1"},
    {0x02b54533, "div\ta0,a0,a1", "div\ta0,a0,a1"},
    {0x02b55533, "divu\ta0,a0,a1", "divu\ta0,a0,a1"},
    {0x02b56533, "rem\ta0,a0,a1", "rem\ta0,a0,a1"},
    {0x02b57533, "remu\ta0,a0,a1", "remu\ta0,a0,a1"},
    {0x02b5053b, "mulw\ta0,a0,a1", "mulw\ta0,a0,a1"},
    {0x02b5453b, "divw\ta0,a0,a1", "divw\ta0,a0,a1"},
    {0x02b5553b, "divuw\ta0,a0,a1", "divuw\ta0,a0,a1"},
    {0x02b5653b, "remw\ta0,a0,a1", "remw\ta0,a0,a1"},
    {0x02b5753b, "remuw\ta0,a0,a1", "remuw\ta0,a0,a1"},
    {0x1005a52f, "lr.w\ta0,(a1)", "lr.w\ta0,(a1)"},
    {0x18b5a52f, "sc.w\ta0,a1,(a1)", "sc.w\ta0,a1,(a1)"},
    {0x08b5a52f, "amoswap.w\ta0,a1,(a1)", "amoswap.w\ta0,a1,(a1)"},
    {0x00b5b52f, "amoadd.d\ta0,a1,(a1)", "amoadd.d\ta0,a1,(a1)"},
    {0x46b5a52f, "amoor.w.aqrl\ta0,a1,(a1)", "amoor.w.aqrl\ta0,a1,(a1)"},
    {0x60b5b52f, "amoand.d\ta0,a1,(a1)", "amoand.d\ta0,a1,(a1)"},
    {0x80b5a52f, "amomin.w\ta0,a1,(a1)", "amomin.w\ta0,a1,(a1)"},
    {0xa0b5b52f, "amomax.d\ta0,a1,(a1)", "amomax.d\ta0,a1,(a1)"},
    {0xc0b5a52f, "amominu.w\ta0,a1,(a1)", "amominu.w\ta0,a1,(a1)"},
    {0xe0b5b52f, "amomaxu.d\ta0,a1,(a1)", "amomaxu.d\ta0,a1,(a1)"},
    {0x20b5a52f, "amoxor.w\ta0,a1,(a1)", "amoxor.w\ta0,a1,(a1)"},
    {0x40b5a52f, "amoor.w\ta0,a1,(a1)", "amoor.w\ta0,a1,(a1)"},
    {0x34102573, "csrr\ta0,mepc", "csrrs\ta0,mepc,zero"},
    {0x34151073, "csrw\tmepc,a0", "csrrw\tzero,mepc,a0"},
    {0x3405a073, "csrs\tmscratch,a1", "csrrs\tzero,mscratch,a1"},
    {0x3405b073, "csrc\tmscratch,a1", "csrrc\tzero,mscratch,a1"},
    {0x34156573, "csrrs\ta0,mepc,10", "csrrsi\ta0,mepc,10"},
    {0x3410d073, "csrw\tmepc,1", "csrrwi\tzero,mepc,1"},
    {0x30046073, "csrs\tmstatus,8", "csrrsi\tzero,mstatus,8"},
    {0xc0102573, "rdtime\ta0", "csrrs\ta0,time,zero"},
    {0xc0002573, "rdcycle\ta0", "csrrs\ta0,cycle,zero"},
    {0xc0202573, "rdinstret\ta0", "csrrs\ta0,instret,zero"},
    {0x00302573, "frcsr\ta0", "csrrs\ta0,fcsr,zero"},
    {0x00359073, "fscsr\ta1", "csrrw\tzero,fcsr,a1"},
    {0x00202573, "frrm\ta0", "csrrs\ta0,frm,zero"},
    {0x00215073, "fsrmi\tzero,2", "csrrwi\tzero,frm,2"},
    {0x00102573, "frflags\ta0", "csrrs\ta0,fflags,zero"},
    {0x00159073, "fsflags\ta1", "csrrw\tzero,fflags,a1"},
    {0x00115073, "fsflagsi\tzero,2", "csrrwi\tzero,fflags,2"},
    {0xc0001073, "unimp", "unimp"},
    {0xb0002573, "csrr\ta0,mcycle", "csrrs\ta0,mcycle,zero"},
    {0x7c002573, "csrr\ta0,0x7c0", "csrrs\ta0,0x7c0,zero"},
    {0x00052507, "flw\tfa0,0(a0)", "flw\tfa0,0(a0)"},
    {0x00053507, "fld\tfa0,0(a0)", "fld\tfa0,0(a0)"},
    {0x00a52027, "fsw\tfa0,0(a0)", "fsw\tfa0,0(a0)"},
    {0x00a53027, "fsd\tfa0,0(a0)", "fsd\tfa0,0(a0)"},
    {0x00b57553, "fadd.s\tfa0,fa0,fa1", "fadd.s\tfa0,fa0,fa1"},
    {0x00b50553, "fadd.s\tfa0,fa0,fa1,rne", "fadd.s\tfa0,fa0,fa1,rne"},
    {0x08b57553, "fsub.s\tfa0,fa0,fa1", "fsub.s\tfa0,fa0,fa1"},
    {0x10b57553, "fmul.s\tfa0,fa0,fa1", "fmul.s\tfa0,fa0,fa1"},
    {0x18b57553, "fdiv.s\tfa0,fa0,fa1", "fdiv.s\tfa0,fa0,fa1"},
    {0x58057553, "fsqrt.s\tfa0,fa0", "fsqrt.s\tfa0,fa0"},
    {0x02b57553, "fadd.d\tfa0,fa0,fa1", "fadd.d\tfa0,fa0,fa1"},
    {0x20b58553, "fmv.s\tfa0,fa1", "fsgnj.s\tfa0,fa1,fa1"},
    {0x20b59553, "fneg.s\tfa0,fa1", "fsgnjn.s\tfa0,fa1,fa1"},
    {0x20b5a553, "fabs.s\tfa0,fa1", "fsgnjx.s\tfa0,fa1,fa1"},
    {0x20a50553, "fmv.s\tfa0,fa0", "fsgnj.s\tfa0,fa0,fa0"},
    {0x20a51553, "fneg.s\tfa0,fa0", "fsgnjn.s\tfa0,fa0,fa0"},
    {0x20a52553, "fabs.s\tfa0,fa0", "fsgnjx.s\tfa0,fa0,fa0"},
    {0x28b58553, "fmin.s\tfa0,fa1,fa1", "fmin.s\tfa0,fa1,fa1"},
    {0x28b59553, "fmax.s\tfa0,fa1,fa1", "fmax.s\tfa0,fa1,fa1"},
    {0xa0b52553, "feq.s\ta0,fa0,fa1", "feq.s\ta0,fa0,fa1"},
    {0xa0b51553, "flt.s\ta0,fa0,fa1", "flt.s\ta0,fa0,fa1"},
    {0xa0b50553, "fle.s\ta0,fa0,fa1", "fle.s\ta0,fa0,fa1"},
    {0xc0057553, "fcvt.w.s\ta0,fa0", "fcvt.w.s\ta0,fa0"},
    {0xc0157553, "fcvt.wu.s\ta0,fa0", "fcvt.wu.s\ta0,fa0"},
    {0xc0257553, "fcvt.l.s\ta0,fa0", "fcvt.l.s\ta0,fa0"},
    {0xc0357553, "fcvt.lu.s\ta0,fa0", "fcvt.lu.s\ta0,fa0"},
    {0xc2051553, "fcvt.w.d\ta0,fa0,rtz", "fcvt.w.d\ta0,fa0,rtz"},
    {0xd0057553, "fcvt.s.w\tfa0,a0", "fcvt.s.w\tfa0,a0"},
    {0xd2050553, "fcvt.d.w\tfa0,a0", "fcvt.d.w\tfa0,a0"},
    {0xd2357553, "fcvt.d.lu\tfa0,a0", "fcvt.d.lu\tfa0,a0"},
    {0xe0050553, "fmv.x.w\ta0,fa0", "fmv.x.w\ta0,fa0"},
    {0xe0051553, "fclass.s\ta0,fa0", "fclass.s\ta0,fa0"},
    {0xf0050553, "fmv.w.x\tfa0,a0", "fmv.w.x\tfa0,a0"},
    {0xe2050553, "fmv.x.d\ta0,fa0", "fmv.x.d\ta0,fa0"},
    {0xf2050553, "fmv.d.x\tfa0,a0", "fmv.d.x\tfa0,a0"},
    {0x40157553, "fcvt.s.d\tfa0,fa0", "fcvt.s.d\tfa0,fa0"},
    {0x42050553, "fcvt.d.s\tfa0,fa0", "fcvt.d.s\tfa0,fa0"},
    {0x60c5f543, "fmadd.s\tfa0,fa1,fa2,fa2", "fmadd.s\tfa0,fa1,fa2,fa2"},
    {0x62c5f547, "fmsub.d\tfa0,fa1,fa2,fa2", "fmsub.d\tfa0,fa1,fa2,fa2"},
    {0x60c5f54b, "fnmsub.s\tfa0,fa1,fa2,fa2", "fnmsub.s\tfa0,fa1,fa2,fa2"},
    {0x62c5f54f, "fnmadd.d\tfa0,fa1,fa2,fa2", "fnmadd.d\tfa0,fa1,fa2,fa2"},
    {0x60c5854f, "fnmadd.s\tfa0,fa1,fa2,fa2,rne", "fnmadd.s\tfa0,fa1,fa2,fa2,rne"},
    {0x20b52533, "sh1add\ta0,a0,a1", "sh1add\ta0,a0,a1"},
    {0x20b54533, "sh2add\ta0,a0,a1", "sh2add\ta0,a0,a1"},
    {0x20b56533, "sh3add\ta0,a0,a1", "sh3add\ta0,a0,a1"},
    {0x08b5053b, "add.uw\ta0,a0,a1", "add.uw\ta0,a0,a1"},
    {0x20b5253b, "sh1add.uw\ta0,a0,a1", "sh1add.uw\ta0,a0,a1"},
    {0x20b5453b, "sh2add.uw\ta0,a0,a1", "sh2add.uw\ta0,a0,a1"},
    {0x20b5653b, "sh3add.uw\ta0,a0,a1", "sh3add.uw\ta0,a0,a1"},
    {0x0805053b, "zext.w\ta0,a0", "add.uw\ta0,a0,zero"},
    {0x0805153b, ".4byte\t0x805153b", ".4byte\t0x805153b"},
    {0x40b57533, "andn\ta0,a0,a1", "andn\ta0,a0,a1"},
    {0x40b56533, "orn\ta0,a0,a1", "orn\ta0,a0,a1"},
    {0x40b54533, "xnor\ta0,a0,a1", "xnor\ta0,a0,a1"},
    {0x60051513, "clz\ta0,a0", "clz\ta0,a0"},
    {0x60151513, "ctz\ta0,a0", "ctz\ta0,a0"},
    {0x60251513, "cpop\ta0,a0", "cpop\ta0,a0"},
    {0x6005151b, "clzw\ta0,a0", "clzw\ta0,a0"},
    {0x6015151b, "ctzw\ta0,a0", "ctzw\ta0,a0"},
    {0x6025151b, "cpopw\ta0,a0", "cpopw\ta0,a0"},
    {0x0a0b6533, "max\ta0,s6,zero", "max\ta0,s6,zero"},
    {0x0a0b7533, "maxu\ta0,s6,zero", "maxu\ta0,s6,zero"},
    {0x0a0b4533, "min\ta0,s6,zero", "min\ta0,s6,zero"},
    {0x0a0b5533, "minu\ta0,s6,zero", "minu\ta0,s6,zero"},
    {0x60451513, "sext.b\ta0,a0", "sext.b\ta0,a0"},
    {0x60551513, "sext.h\ta0,a0", "sext.h\ta0,a0"},
    {0x0805453b, "zext.h\ta0,a0", "zext.h\ta0,a0"},
    {0x60b51533, "rol\ta0,a0,a1", "rol\ta0,a0,a1"},
    {0x60b55533, "ror\ta0,a0,a1", "ror\ta0,a0,a1"},
    {0x60b5153b, "rolw\ta0,a0,a1", "rolw\ta0,a0,a1"},
    {0x60b5553b, "rorw\ta0,a0,a1", "rorw\ta0,a0,a1"},
    {0x60355513, "ror\ta0,a0,0x3", "rori\ta0,a0,0x3"},
    {0x6035551b, "rorw\ta0,a0,0x3", "roriw\ta0,a0,0x3"},
    {0x28755513, "orc.b\ta0,a0", "orc.b\ta0,a0"},
    {0x6b855513, "rev8\ta0,a0", "rev8\ta0,a0"},
    {0x0ab51533, "clmul\ta0,a0,a1", "clmul\ta0,a0,a1"},
    {0x0ab53533, "clmulh\ta0,a0,a1", "clmulh\ta0,a0,a1"},
    {0x0ab52533, "clmulr\ta0,a0,a1", "clmulr\ta0,a0,a1"},
    {0x48b51533, "bclr\ta0,a0,a1", "bclr\ta0,a0,a1"},
    {0x48355513, "bext\ta0,a0,0x3", "bexti\ta0,a0,0x3"},
    {0x48b55533, "bext\ta0,a0,a1", "bext\ta0,a0,a1"},
    {0x48355513, "bext\ta0,a0,0x3", "bexti\ta0,a0,0x3"},
    {0x68b51533, "binv\ta0,a0,a1", "binv\ta0,a0,a1"},
    {0x68351513, "binv\ta0,a0,0x3", "binvi\ta0,a0,0x3"},
    {0x28b51533, "bset\ta0,a0,a1", "bset\ta0,a0,a1"},
    {0x28351513, "bset\ta0,a0,0x3", "bseti\ta0,a0,0x3"},
    {0x0eb55533, "czero.eqz\ta0,a0,a1", "czero.eqz\ta0,a0,a1"},  // objdump 2.40 has no Zicond
    {0x0eb57533, "czero.nez\ta0,a0,a1", "czero.nez\ta0,a0,a1"},  // objdump 2.40 has no Zicond
    {0x0005a00f, "cbo.inval\t(a1)", "cbo.inval\t(a1)"},
    {0x0015a00f, "cbo.clean\t(a1)", "cbo.clean\t(a1)"},
    {0x0025a00f, "cbo.flush\t(a1)", "cbo.flush\t(a1)"},
    {0x0045a00f, "cbo.zero\t(a1)", "cbo.zero\t(a1)"},
    {0x02056013, "prefetch.i\t32(a0)", "prefetch.i\t32(a0)"},
    {0x02156013, "prefetch.r\t32(a0)", "prefetch.r\t32(a0)"},
    {0x02356013, "prefetch.w\t32(a0)", "prefetch.w\t32(a0)"},
    {0x00000000, "unimp", "c.unimp"},
    {0x00000001, "nop", "c.addi\tzero,0"},
    {0x00000505, "add\ta0,a0,1", "c.addi\ta0,1"},
    {0x00001571, "add\ta0,a0,-4", "c.addi\ta0,-4"},
    {0x00002505, "addw\ta0,a0,1", "c.addiw\ta0,1"},
    {0x00004505, "li\ta0,1", "c.li\ta0,1"},
    {0x00006505, "lui\ta0,0x1", "c.lui\ta0,0x1"},
    {0x00007179, "add\tsp,sp,-48", "c.addi16sp\tsp,-48"},
    {0x00008105, "srl\ta0,a0,0x1", "c.srli\ta0,0x1"},
    {0x00008505, "sra\ta0,a0,0x1", "c.srai\ta0,0x1"},
    {0x00008905, "and\ta0,a0,1", "c.andi\ta0,1"},
    {0x00008d09, "sub\ta0,a0,a0", "c.sub\ta0,a0"},
    {0x00008d29, "xor\ta0,a0,a0", "c.xor\ta0,a0"},
    {0x00008d49, "or\ta0,a0,a0", "c.or\ta0,a0"},
    {0x00008d69, "and\ta0,a0,a0", "c.and\ta0,a0"},
    {0x00009d09, "subw\ta0,a0,a0", "c.subw\ta0,a0"},
    {0x00009d29, "addw\ta0,a0,a0", "c.addw\ta0,a0"},
    {0x00008082, "ret", "c.jr\tra"},
    {0x00008502, "jr\ta0", "c.jr\ta0"},
    {0x00009502, "jalr\ta0", "c.jalr\ta0"},
    {0x00009002, "ebreak", "c.ebreak"},
    {0x00008582, "jr\ta1", "c.jr\ta1"},
    {0x00000505, "add\ta0,a0,1 # 0x1001", "c.addi\ta0,1 # 0x1001"},
    {0x00000000, "unimp", "c.unimp"},
    {0x00000080, "add\ts0,sp,64", "c.addi4spn\ts0,sp,64"},
    {0x00006108, "ld\ta0,0(a0)", "c.ld\ta0,0(a0)"},
    {0x0000e108, "sd\ta0,0(a0)", "c.sd\ta0,0(a0)"},
    {0x00004108, "lw\ta0,0(a0)", "c.lw\ta0,0(a0)"},
    {0x0000c108, "sw\ta0,0(a0)", "c.sw\ta0,0(a0)"},
    {0x00002108, "fld\tfa0,0(a0)", "c.fld\tfa0,0(a0)"},
    {0x0000a108, "fsd\tfa0,0(a0)", "c.fsd\tfa0,0(a0)"},
    {0x00006582, "ld\ta1,0(sp)", "c.ldsp\ta1,0(sp)"},
    {0x0000e02a, "sd\ta0,0(sp)", "c.sdsp\ta0,0(sp)"},
    {0x00004502, "lw\ta0,0(sp)", "c.lwsp\ta0,0(sp)"},
    {0x0000c02a, "sw\ta0,0(sp)", "c.swsp\ta0,0(sp)"},
    {0x00002502, "fld\tfa0,0(sp)", "c.fldsp\tfa0,0(sp)"},
    {0x0000a02a, "fsd\tfa0,0(sp)", "c.fsdsp\tfa0,0(sp)"},
    {0x0000a001, "j\t0x8000038e", "c.j\t0x8000038e"},
    {0x0000c111, "beqz\ta0,0x80000394", "c.beqz\ta0,0x80000394"},
    {0x0000e111, "bnez\ta0,0x80000396", "c.bnez\ta0,0x80000396"},
    {0x00000506, "sll\ta0,a0,0x1", "c.slli\ta0,0x1"},
    {0x00000002, "c.slli64\tzero", "c.slli64\tzero"},
    {0x00000001, "nop", "c.addi\tzero,0"},
    {0x00000085, "add\tra,ra,1", "c.addi\tra,1"},
    {0x00004001, "c.li\tzero,0", "c.li\tzero,0"},
    {0x00006005, "c.lui\tzero,0x1", "c.lui\tzero,0x1"},
    {0x00000016, "c.slli\tzero,0x5", "c.slli\tzero,0x5"},
    {0x00008001, "c.srli64\ts0", "c.srli64\ts0"},
    {0x00009406, "add\ts0,s0,ra", "c.add\ts0,ra"},
    {0x0000004e, "c.slli\tzero,0x13", "c.slli\tzero,0x13"},
    {0x00000011, "c.nop\t4", "c.addi\tzero,4"},
};
// clang-format on

std::vector<uint8_t> bytes_of(uint32_t bits) {
  std::vector<uint8_t> bytes;
  const unsigned length = (bits & 3) == 3 ? 4 : 2;
  for (unsigned i = 0; i < length; ++i) bytes.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  return bytes;
}

void check_sequence(bool aliases) {
  DisasmOptions options;
  options.aliases = aliases;
  Disassembler disassembler(options);
  uint64_t pc = 0x80000000;
  for (const Expected& row : kSequence) {
    const std::vector<uint8_t> bytes = bytes_of(row.bits);
    EXPECT_EQ(disassembler.text(bytes, pc), aliases ? row.text : row.no_aliases)
        << std::hex << "bits 0x" << row.bits << " at 0x" << pc;
    pc += bytes.size();
  }
}

TEST(Disasm, EveryGroupAsObjdumpPrintsIt) { check_sequence(true); }

TEST(Disasm, EveryGroupWithoutAliases) { check_sequence(false); }

TEST(Disasm, OneInstructionForDiagnostics) {
  EXPECT_EQ(disassemble(0x34202573, 0x80000000), "csrr\ta0,mcause");
  EXPECT_EQ(disassemble(0x8082, 0x80000000), "ret");
  EXPECT_EQ(disassemble(0xffdff06f, 0x80000010), "j\t0x8000000c");
  EXPECT_EQ(disassemble(0xffffffff, 0), ".4byte\t0xffffffff");
}

TEST(Disasm, ExtensionsOutsideTheIsaPrintAsData) {
  DisasmOptions options;
  options.extensions = ext::kRv64gc;
  Disassembler rv64gc(options);
  EXPECT_EQ(rv64gc.text(bytes_of(0x60051513), 0), ".4byte\t0x60051513");  // clz a0,a0
  EXPECT_EQ(rv64gc.text(bytes_of(0x0100000f), 0), "fence\tw,unknown");    // pause
  options.extensions = ext::kI;
  Disassembler rv64i(options);
  EXPECT_EQ(rv64i.text(bytes_of(0x4505), 0), ".2byte\t0x4505");         // c.li a0,1
  EXPECT_EQ(rv64i.text(bytes_of(0x02b50533), 0), ".4byte\t0x2b50533");  // mul
}

TEST(Disasm, LengthsByTheBaseEncodingRule) {
  EXPECT_EQ(instruction_length(0x4505), 2u);
  EXPECT_EQ(instruction_length(0x0513), 4u);
  EXPECT_EQ(instruction_length(0x001f), 6u);
  EXPECT_EQ(instruction_length(0x003f), 8u);
  EXPECT_EQ(instruction_length(0x107f), 12u);
  EXPECT_EQ(instruction_length(0xffff), 2u);
  const std::vector<uint8_t> six = {0x1f, 0x00, 0x00, 0x50, 0x2e, 0x00};
  Disassembler disassembler;
  EXPECT_EQ(disassembler.text(six, 0), ".byte\t0x1f, 0x00, 0x00, 0x50, 0x2e, 0x00");
  const std::vector<uint8_t> eight = {0x3f, 0x01, 0, 0, 0x48, 0, 0, 0};
  EXPECT_EQ(disassembler.text(eight, 0), ".8byte\t0x480000013f");
}

TEST(Disasm, IsaStrings) {
  EXPECT_EQ(parse_isa_string("rv64gc"), ext::kRv64gc);
  EXPECT_EQ(parse_isa_string("rv64i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0"),
            ext::kI | ext::kM | ext::kA | ext::kZicsr | ext::kZifencei);
  EXPECT_EQ(parse_isa_string("RV64IMAC_Zba_Zicbop"),
            ext::kI | ext::kM | ext::kA | ext::kC | ext::kZba | ext::kZicbop);
  EXPECT_EQ(parse_isa_string("rv32gc"), std::nullopt);
  EXPECT_EQ(parse_isa_string("arm64"), std::nullopt);
}

}  // namespace
}  // namespace microvm::riscv
