// Every Polaris opcode, once (spec §1.3): its value, its name, its assembler operand form (§9, plus
// the LLVM-era forms of 0x49-0x60) and the function of exec_*.h that runs it. Everything else is
// generated from this list: the enum op::NAME and the opcode table of isa.cpp (the assembler, the
// disassembler, the debugger and the statistics read it) and the run loop's dispatch table
// (core_loop.cpp).
//
// Why a macro list and not a constexpr table: C++20 cannot declare an enumerator or a goto label
// from constexpr data, and the run loop needs both. It dispatches by computed goto to one label per
// opcode with the handler inlined there, so a guest instruction costs one host jump and ip and the
// flags stay in host registers; a constexpr table of handler pointers would make every guest
// instruction an indirect call through memory. Each expansion of the list is a one-line macro next
// to its use; the table itself is then ordinary constexpr data (isa.cpp).
//
// X(value, NAME, form, handler, flow): `form` names a Form (isa.h); `handler` is exec::handler(Core&,
// IpAndFlags&, Fields); `flow` is `reg` for an instruction that only computes registers and flags
// (it cannot fault, jump, touch memory or a device, or make the core look at anything), after which
// the run loop goes straight on to the next instruction, `jump` for the direct jumps, after which it
// looks at the core's attention word and then for a translated block at the target (translator.h),
// and `any` for every other one, after which it looks at the attention word first (core_loop.cpp).
// When unsure, `any` is always right.
// Adding an opcode is one line here plus its handler (docs/lamp.md).
#pragma once

#define LAMP_OPCODES(X)                        \
  X(0x01, ADD, kRdRsRs, add, reg)              \
  X(0x02, SUB, kRdRsRs, sub, reg)              \
  X(0x03, MUL, kRdRsRs, mul, reg)              \
  X(0x04, DIV, kRdRsRs, div, any)              \
  X(0x05, HALT, kNone, halt, any)              \
  X(0x06, JMP, kImm, jmp, jump)                \
  X(0x07, JZ, kImm, jz, jump)                  \
  X(0x08, PUSH, kRd, push, any)                \
  X(0x09, POP, kRd, pop, any)                  \
  X(0x0A, CALL, kImm, call, any)               \
  X(0x0B, RET, kNone, ret, any)                \
  X(0x0C, LOAD, kRdRsImm, load8, any)          \
  X(0x0D, LOAD32, kRdRsImm, load32, any)       \
  X(0x0E, LOADX32, kRdRsRsImm, loadx32, any)   \
  X(0x0F, STORE, kRdRsImm, store8, any)        \
  X(0x10, STORE32, kRdRsImm, store32, any)     \
  X(0x11, STOREX32, kRdRsRsImm, storex32, any) \
  X(0x12, CMP, kRdRs, cmp, reg)                \
  X(0x13, CMPI, kRdImm, cmpi, reg)             \
  X(0x14, MOV, kRdRs, mov, reg)                \
  X(0x15, MOVI, kRdImm, movi, reg)             \
  X(0x16, MEMSET, kRdRsImm, memset_, any)      \
  X(0x17, MEMCPY, kRdRsImm, memcpy_, any)      \
  X(0x18, IN, kRdRs, in, any)                  \
  X(0x19, OUT, kRdRs, out, any)                \
  X(0x1A, INT, kRd, int_, any)                 \
  X(0x1B, IRET, kNone, iret, any)              \
  X(0x1C, MOD, kRdRsRs, mod, any)              \
  X(0x1D, AND, kRdRsRs, and_, reg)             \
  X(0x1E, OR, kRdRsRs, or_, reg)               \
  X(0x1F, XOR, kRdRsRs, xor_, reg)             \
  X(0x20, NOT, kRdRs, not_, reg)               \
  X(0x21, SHL, kRdRsRs, shl, reg)              \
  X(0x22, SHR, kRdRsRs, shr, reg)              \
  X(0x23, SAR, kRdRsRs, sar, reg)              \
  X(0x24, JNZ, kImm, jnz, jump)                \
  X(0x25, JG, kImm, jg, jump)                  \
  X(0x26, JGE, kImm, jge, jump)                \
  X(0x27, JL, kImm, jl, jump)                  \
  X(0x28, JLE, kImm, jle, jump)                \
  X(0x29, JC, kImm, jc, jump)                  \
  X(0x2A, JNC, kImm, jnc, jump)                \
  X(0x2B, FADD, kRdRsRs, fadd, reg)            \
  X(0x2C, FSUB, kRdRsRs, fsub, reg)            \
  X(0x2D, FMUL, kRdRsRs, fmul, reg)            \
  X(0x2E, FDIV, kRdRsRs, fdiv, reg)            \
  X(0x2F, FNEG, kRdRs, fneg, reg)              \
  X(0x30, FABS, kRdRs, fabs_, reg)             \
  X(0x31, FSQRT, kRdRs, fsqrt, reg)            \
  X(0x32, FCMP, kRdRs, fcmp, reg)              \
  X(0x33, ITOF, kRdRs, itof, reg)              \
  X(0x34, FTOI, kRdRs, ftoi, reg)              \
  X(0x35, FLOAD32, kRdRsImm, fload32, any)     \
  X(0x36, FSTORE32, kRdRsImm, fstore32, any)   \
  X(0x37, INC, kRd, inc, reg)                  \
  X(0x38, ADDI, kRdRsImm, addi, reg)           \
  X(0x39, SUBI, kRdRsImm, subi, reg)           \
  X(0x3A, ANDI, kRdRsImm, andi, reg)           \
  X(0x3B, ORI, kRdRsImm, ori, reg)             \
  X(0x3C, XORI, kRdRsImm, xori, reg)           \
  X(0x3D, SHLI, kRdRsImm, shli, reg)           \
  X(0x3E, SHRI, kRdRsImm, shri, reg)           \
  X(0x3F, CAS, kRdRsRsImm, cas, any)           \
  X(0x40, XADD, kRdRsRsImm, xadd, any)         \
  X(0x41, XCHG, kRdRsRsImm, xchg, any)         \
  X(0x42, LDAR, kRdRsImm, ldar, any)           \
  X(0x43, STLR, kRdRsImm, stlr, any)           \
  X(0x44, FENCE, kNone, fence, any)            \
  X(0x45, PAUSE, kNone, pause, any)            \
  X(0x46, STARTAP, kRdRsImm, startap, any)     \
  X(0x47, IPI, kRdRs, ipi, any)                \
  X(0x48, CPUID, kRd, cpuid, reg)              \
  X(0x49, CALLR, kRd, callr, any)              \
  X(0x4A, RJMP, kRelImm, rjmp, jump)           \
  X(0x4B, RCALL, kRelImm, rcall, any)          \
  X(0x4C, RJZ, kRelImm, rjz, jump)             \
  X(0x4D, RJNZ, kRelImm, rjnz, jump)           \
  X(0x4E, ROL, kRdRsRs, rol, reg)              \
  X(0x4F, ROR, kRdRsRs, ror, reg)              \
  X(0x50, ROLI, kRdRsImm, roli, reg)           \
  X(0x51, RORI, kRdRsImm, rori, reg)           \
  X(0x52, LOAD16, kRdRsImm, load16, any)       \
  X(0x53, STORE16, kRdRsImm, store16, any)     \
  X(0x54, LOADS8, kRdRsImm, loads8, any)       \
  X(0x55, LOADS16, kRdRsImm, loads16, any)     \
  X(0x56, RJG, kRelImm, rjg, jump)             \
  X(0x57, RJGE, kRelImm, rjge, jump)           \
  X(0x58, RJL, kRelImm, rjl, jump)             \
  X(0x59, RJLE, kRelImm, rjle, jump)           \
  X(0x5A, RJC, kRelImm, rjc, jump)             \
  X(0x5B, RJNC, kRelImm, rjnc, jump)           \
  X(0x5C, INTI, kImm, inti, any)               \
  X(0x5D, LOADX, kRdRsRsImm, loadx, any)       \
  X(0x5E, LOADX16, kRdRsRsImm, loadx16, any)   \
  X(0x5F, STOREX, kRdRsRsImm, storex, any)     \
  X(0x60, STOREX16, kRdRsRsImm, storex16, any)
