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
// X(value, NAME, form, handler): `form` names a Form (isa.h); `handler` is exec::handler(Core&,
// IpAndFlags&, Fields). Adding an opcode is one line here plus its handler (docs/lamp.md).
#pragma once

#define LAMP_OPCODES(X)                   \
  X(0x01, ADD, kRdRsRs, add)              \
  X(0x02, SUB, kRdRsRs, sub)              \
  X(0x03, MUL, kRdRsRs, mul)              \
  X(0x04, DIV, kRdRsRs, div)              \
  X(0x05, HALT, kNone, halt)              \
  X(0x06, JMP, kImm, jmp)                 \
  X(0x07, JZ, kImm, jz)                   \
  X(0x08, PUSH, kRd, push)                \
  X(0x09, POP, kRd, pop)                  \
  X(0x0A, CALL, kImm, call)               \
  X(0x0B, RET, kNone, ret)                \
  X(0x0C, LOAD, kRdRsImm, load8)          \
  X(0x0D, LOAD32, kRdRsImm, load32)       \
  X(0x0E, LOADX32, kRdRsRsImm, loadx32)   \
  X(0x0F, STORE, kRdRsImm, store8)        \
  X(0x10, STORE32, kRdRsImm, store32)     \
  X(0x11, STOREX32, kRdRsRsImm, storex32) \
  X(0x12, CMP, kRdRs, cmp)                \
  X(0x13, CMPI, kRdImm, cmpi)             \
  X(0x14, MOV, kRdRs, mov)                \
  X(0x15, MOVI, kRdImm, movi)             \
  X(0x16, MEMSET, kRdRsImm, memset_)      \
  X(0x17, MEMCPY, kRdRsImm, memcpy_)      \
  X(0x18, IN, kRdRs, in)                  \
  X(0x19, OUT, kRdRs, out)                \
  X(0x1A, INT, kRd, int_)                 \
  X(0x1B, IRET, kNone, iret)              \
  X(0x1C, MOD, kRdRsRs, mod)              \
  X(0x1D, AND, kRdRsRs, and_)             \
  X(0x1E, OR, kRdRsRs, or_)               \
  X(0x1F, XOR, kRdRsRs, xor_)             \
  X(0x20, NOT, kRdRs, not_)               \
  X(0x21, SHL, kRdRsRs, shl)              \
  X(0x22, SHR, kRdRsRs, shr)              \
  X(0x23, SAR, kRdRsRs, sar)              \
  X(0x24, JNZ, kImm, jnz)                 \
  X(0x25, JG, kImm, jg)                   \
  X(0x26, JGE, kImm, jge)                 \
  X(0x27, JL, kImm, jl)                   \
  X(0x28, JLE, kImm, jle)                 \
  X(0x29, JC, kImm, jc)                   \
  X(0x2A, JNC, kImm, jnc)                 \
  X(0x2B, FADD, kRdRsRs, fadd)            \
  X(0x2C, FSUB, kRdRsRs, fsub)            \
  X(0x2D, FMUL, kRdRsRs, fmul)            \
  X(0x2E, FDIV, kRdRsRs, fdiv)            \
  X(0x2F, FNEG, kRdRs, fneg)              \
  X(0x30, FABS, kRdRs, fabs_)             \
  X(0x31, FSQRT, kRdRs, fsqrt)            \
  X(0x32, FCMP, kRdRs, fcmp)              \
  X(0x33, ITOF, kRdRs, itof)              \
  X(0x34, FTOI, kRdRs, ftoi)              \
  X(0x35, FLOAD32, kRdRsImm, fload32)     \
  X(0x36, FSTORE32, kRdRsImm, fstore32)   \
  X(0x37, INC, kRd, inc)                  \
  X(0x38, ADDI, kRdRsImm, addi)           \
  X(0x39, SUBI, kRdRsImm, subi)           \
  X(0x3A, ANDI, kRdRsImm, andi)           \
  X(0x3B, ORI, kRdRsImm, ori)             \
  X(0x3C, XORI, kRdRsImm, xori)           \
  X(0x3D, SHLI, kRdRsImm, shli)           \
  X(0x3E, SHRI, kRdRsImm, shri)           \
  X(0x3F, CAS, kRdRsRsImm, cas)           \
  X(0x40, XADD, kRdRsRsImm, xadd)         \
  X(0x41, XCHG, kRdRsRsImm, xchg)         \
  X(0x42, LDAR, kRdRsImm, ldar)           \
  X(0x43, STLR, kRdRsImm, stlr)           \
  X(0x44, FENCE, kNone, fence)            \
  X(0x45, PAUSE, kNone, pause)            \
  X(0x46, STARTAP, kRdRsImm, startap)     \
  X(0x47, IPI, kRdRs, ipi)                \
  X(0x48, CPUID, kRd, cpuid)              \
  X(0x49, CALLR, kRd, callr)              \
  X(0x4A, RJMP, kRelImm, rjmp)            \
  X(0x4B, RCALL, kRelImm, rcall)          \
  X(0x4C, RJZ, kRelImm, rjz)              \
  X(0x4D, RJNZ, kRelImm, rjnz)            \
  X(0x4E, ROL, kRdRsRs, rol)              \
  X(0x4F, ROR, kRdRsRs, ror)              \
  X(0x50, ROLI, kRdRsImm, roli)           \
  X(0x51, RORI, kRdRsImm, rori)           \
  X(0x52, LOAD16, kRdRsImm, load16)       \
  X(0x53, STORE16, kRdRsImm, store16)     \
  X(0x54, LOADS8, kRdRsImm, loads8)       \
  X(0x55, LOADS16, kRdRsImm, loads16)     \
  X(0x56, RJG, kRelImm, rjg)              \
  X(0x57, RJGE, kRelImm, rjge)            \
  X(0x58, RJL, kRelImm, rjl)              \
  X(0x59, RJLE, kRelImm, rjle)            \
  X(0x5A, RJC, kRelImm, rjc)              \
  X(0x5B, RJNC, kRelImm, rjnc)            \
  X(0x5C, INTI, kImm, inti)               \
  X(0x5D, LOADX, kRdRsRsImm, loadx)       \
  X(0x5E, LOADX16, kRdRsRsImm, loadx16)   \
  X(0x5F, STOREX, kRdRsRsImm, storex)     \
  X(0x60, STOREX16, kRdRsRsImm, storex16)
