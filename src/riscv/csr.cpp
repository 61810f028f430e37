// Control and status registers with their access rules and WARL behaviour (privileged spec
// chapters 2, 3 and 4). A false return is an illegal-instruction exception for the caller.
#include "riscv/hart.h"
#include "riscv/timeline.h"

namespace microvm::riscv {
namespace {

using namespace mstatus_bits;

constexpr uint64_t kMstatusWritable =
    kSIE | kMIE | kSPIE | kMPIE | kSPP | kMPP | kFS | kMPRV | kSUM | kMXR | kTVM | kTW | kTSR;
constexpr uint64_t kSstatusWritable = kSIE | kSPIE | kSPP | kFS | kSUM | kMXR;
// medeleg: every exception that can happen below M except ecall from M (bit 11).
constexpr uint64_t kDelegableExceptions = 0xB3FF;
constexpr uint64_t kDelegableInterrupts = mip_bits::kSupervisor;
constexpr uint64_t kMieWritable = mip_bits::kAll;
constexpr uint64_t kEnvcfgCbo = menvcfg_bits::kCBIE | menvcfg_bits::kCBCFE | menvcfg_bits::kCBZE;
constexpr uint64_t kMenvcfgWritable =
    menvcfg_bits::kFIOM | kEnvcfgCbo | menvcfg_bits::kADUE | menvcfg_bits::kPBMTE | menvcfg_bits::kSTCE;
constexpr uint64_t kSenvcfgWritable = menvcfg_bits::kFIOM | kEnvcfgCbo;

// CBIE = 2 is reserved (WARL): keep it off.
uint64_t legal_envcfg(uint64_t value) {
  return ((value & menvcfg_bits::kCBIE) >> 4) == 2 ? value & ~menvcfg_bits::kCBIE : value;
}

uint64_t with_sd(uint64_t status) {
  const bool dirty = (status & kFS) == kFS || (status & kXS) == kXS || (status & kVS) == kVS;
  return dirty ? status | kSD : status & ~kSD;
}

bool legal_tvec(uint64_t value) { return (value & 3) < 2; }  // direct or vectored

bool is_vector_csr(uint16_t number) {
  return number == csr::kVstart || number == csr::kVxsat || number == csr::kVxrm || number == csr::kVcsr ||
         number == csr::kVl || number == csr::kVtype || number == csr::kVlenb;
}

}  // namespace

// The vector CSRs exist with V, and like the FP ones are illegal while mstatus.VS is Off.
bool Hart::vector_csr(uint16_t number, uint64_t& value, bool write) {
  if (!config_.isa.has(Ext::kV) || (csr.mstatus & kVS) == 0) return false;
  if (!write) {
    switch (number) {
      case csr::kVstart: value = vec.vstart; break;
      case csr::kVxsat: value = vec.vxsat; break;
      case csr::kVxrm: value = vec.vxrm; break;
      case csr::kVcsr: value = (vec.vxrm << 1) | vec.vxsat; break;
      case csr::kVl: value = vec.vl; break;
      case csr::kVtype: value = vec.vtype; break;
      default: value = vec.vlenb; break;
    }
    return true;
  }
  switch (number) {
    case csr::kVstart:
      vec.vstart = value & (uint64_t{vec.vlenb} * 8 - 1);
      break;  // as many bits as VLEN needs
    case csr::kVxsat: vec.vxsat = value & 1; break;
    case csr::kVxrm: vec.vxrm = value & 3; break;
    default:
      vec.vxsat = value & 1;
      vec.vxrm = (value >> 1) & 3;
      break;
  }
  csr.mstatus |= kVS;  // dirty
  return true;
}

// Sstc: S-mode reaches stimecmp only when M-mode enabled it (menvcfg.STCE) and lets S read time.
bool Hart::stimecmp_accessible() const {
  if (!config_.isa.has(Ext::kSstc)) return false;
  if (priv == Priv::M) return true;
  return (csr.menvcfg & menvcfg_bits::kSTCE) && (csr.mcounteren & 2);
}

bool Hart::csr_read(uint16_t number, uint64_t& value) {
  const unsigned lowest = (number >> 8) & 3;
  if (static_cast<unsigned>(priv) < lowest) return false;

  // Unprivileged counters: cycle, time, instret, hpmcounter3..31, gated by the counter enables.
  if (number >= csr::kCycle && number <= csr::kHpmcounter31) {
    const uint64_t bit = 1ull << (number - csr::kCycle);
    if (priv != Priv::M && !(csr.mcounteren & bit)) return false;
    if (priv == Priv::U && !(csr.scounteren & bit)) return false;
    switch (number) {
      case csr::kCycle: value = instret_now() + csr.cycle_offset; break;
      case csr::kTime: value = clock_.now(); break;
      case csr::kInstret: value = instret_now() + csr.instret_offset; break;
      default: value = hpm_value(number - csr::kHpmcounter3); break;
    }
    return true;
  }
  if (number >= csr::kMhpmcounter3 && number <= csr::kMhpmcounter31) {
    value = hpm_value(number - csr::kMhpmcounter3);
    return true;
  }
  if (number >= csr::kMhpmevent3 && number <= csr::kMhpmevent31) {
    value = csr.hpm[number - csr::kMhpmevent3].event;
    return true;
  }
  // Sscofpmf: the OF bits, in S-mode only those of counters mcounteren lets it see.
  if (number == csr::kScountovf) {
    value = scountovf() & (priv == Priv::M ? ~0ull : csr.mcounteren);
    return true;
  }
  if (number >= csr::kPmpcfg0 && number <= csr::kPmpcfg15) {
    if (number & 1) return false;  // odd pmpcfg registers do not exist on RV64
    value = pmp_.read_cfg(number - csr::kPmpcfg0);
    return true;
  }
  if (number >= csr::kPmpaddr0 && number <= csr::kPmpaddr63) {
    value = pmp_.read_addr(number - csr::kPmpaddr0);
    return true;
  }
  if (Triggers::is_trigger_csr(number)) {
    value = triggers_.read(number);
    return true;
  }

  if (is_vector_csr(number)) return vector_csr(number, value, false);

  switch (number) {
    case csr::kFflags:
    case csr::kFrm:
    case csr::kFcsr:
      if ((csr.mstatus & kFS) == 0) return false;
      value = number == csr::kFflags ? csr.fflags
              : number == csr::kFrm  ? csr.frm
                                     : (csr.frm << 5) | csr.fflags;
      return true;

    case csr::kSstatus: value = with_sd(csr.mstatus) & kSstatusMask; return true;
    case csr::kSie: value = csr.mie & csr.mideleg; return true;
    case csr::kStvec: value = csr.stvec; return true;
    case csr::kScounteren: value = csr.scounteren; return true;
    case csr::kSenvcfg: value = csr.senvcfg; return true;
    case csr::kSscratch: value = csr.sscratch; return true;
    case csr::kSepc: value = csr.sepc & epc_mask(); return true;
    case csr::kScause: value = csr.scause; return true;
    case csr::kStval: value = csr.stval; return true;
    case csr::kSip: value = mip() & csr.mideleg; return true;
    case csr::kStimecmp:
      if (!stimecmp_accessible()) return false;
      value = stimecmp_.compare();
      return true;
    case csr::kSatp:
      if (priv == Priv::S && (csr.mstatus & kTVM)) return false;
      value = csr.satp;
      return true;

    case csr::kMvendorid:
    case csr::kMarchid:
    case csr::kMimpid:
    case csr::kMconfigptr: value = 0; return true;
    case csr::kMhartid: value = config_.hartid; return true;
    case csr::kMstatus: value = with_sd(csr.mstatus); return true;
    case csr::kMisa: value = csr.misa; return true;
    case csr::kMedeleg: value = csr.medeleg; return true;
    case csr::kMideleg: value = csr.mideleg; return true;
    case csr::kMie: value = csr.mie; return true;
    case csr::kMtvec: value = csr.mtvec; return true;
    case csr::kMcounteren: value = csr.mcounteren; return true;
    case csr::kMenvcfg: value = csr.menvcfg; return true;
    case csr::kMcountinhibit: value = csr.mcountinhibit; return true;
    case csr::kMscratch: value = csr.mscratch; return true;
    case csr::kMepc: value = csr.mepc & epc_mask(); return true;
    case csr::kMcause: value = csr.mcause; return true;
    case csr::kMtval: value = csr.mtval; return true;
    case csr::kMip: value = mip(); return true;
    case csr::kMcycle: value = instret_now() + csr.cycle_offset; return true;
    case csr::kMinstret: value = instret_now() + csr.instret_offset; return true;
    default: return false;
  }
}

uint64_t Hart::csr_rmw_base(uint16_t number, uint64_t read_value) const {
  // A read of mip shows SEIP as the OR of the software bit and the PLIC's signal, but "only the
  // software-writable SEIP bit participates in the read-modify-write sequence of a CSRRS or
  // CSRRC instruction"; otherwise any such write would latch the PLIC's signal for good.
  if (number != csr::kMip) return read_value;
  return (read_value & ~mip_bits::kSEIP) | (sw_seip_ ? mip_bits::kSEIP : 0);
}

bool Hart::csr_write(uint16_t number, uint64_t value) {
  const unsigned lowest = (number >> 8) & 3;
  if (static_cast<unsigned>(priv) < lowest || csr_read_only(number)) return false;
  if (!write_csr(number, value)) return false;
  if (!block_goes_on_after_write(number)) end_block();
  return true;
}

// Most CSR writes leave what the rest of a block assumed as it was: blocks (interpreted or
// translated) look at the data-access context, the FP unit's state and trap registers afresh at
// each instruction. What a block does not look at again are the fetch's translation and
// protection (satp, PMP), debug triggers, and interrupts, which are taken between blocks: a write
// that may have made one deliverable ends the block. Kernels toggle sstatus.SIE around every
// spinlock, and C code saves and restores fflags around comparisons: ending the block there cost
// a Linux boot some 150k extra trips out of translated code.
bool Hart::block_goes_on_after_write(uint16_t number) const {
  switch (number) {
    case csr::kFflags:
    case csr::kFrm:
    case csr::kFcsr:
    case csr::kSscratch:
    case csr::kSepc:
    case csr::kScause:
    case csr::kStval:
    case csr::kStvec:
    case csr::kMscratch:
    case csr::kMepc:
    case csr::kMcause:
    case csr::kMtval:
    case csr::kMtvec: return true;
    case csr::kSstatus:
    case csr::kMstatus:
    case csr::kSie:
    case csr::kMie:
    case csr::kSip:
    case csr::kMip:
    case csr::kMideleg: return (mip() & csr.mie) == 0;
    default: return false;
  }
}

bool Hart::write_csr(uint16_t number, uint64_t value) {
  if (number >= csr::kMhpmcounter3 && number <= csr::kMhpmcounter31) {
    set_hpm_value(number - csr::kMhpmcounter3, value);
    return true;
  }
  // mhpmevent: the selector and Sscofpmf's OF and inhibit bits (VSINH and VUINH need H: zero).
  if (number >= csr::kMhpmevent3 && number <= csr::kMhpmevent31) {
    set_hpm_event(number - csr::kMhpmevent3,
                  value & (hpm::kEventSelector | hpm::kOF | hpm::kMINH | hpm::kSINH | hpm::kUINH));
    return true;
  }
  if (number >= csr::kPmpcfg0 && number <= csr::kPmpcfg15) {
    if (number & 1) return false;
    pmp_.write_cfg(number - csr::kPmpcfg0, value);
    tlb_.flush_all();
    update_direct_ram(data_priv());
    return true;
  }
  if (number >= csr::kPmpaddr0 && number <= csr::kPmpaddr63) {
    pmp_.write_addr(number - csr::kPmpaddr0, value);
    tlb_.flush_all();
    update_direct_ram(data_priv());
    return true;
  }
  if (Triggers::is_trigger_csr(number)) {
    triggers_.write(number, value);
    update_debug_checks();  // an armed trigger runs the hart checked, data accesses off the TLBs
    return true;
  }

  if (is_vector_csr(number)) return vector_csr(number, value, true);

  switch (number) {
    case csr::kFflags:
    case csr::kFrm:
    case csr::kFcsr:
      if ((csr.mstatus & kFS) == 0) return false;
      if (number == csr::kFflags) csr.fflags = value & 0x1F;
      if (number == csr::kFrm) csr.frm = value & 7;
      if (number == csr::kFcsr) {
        csr.fflags = value & 0x1F;
        csr.frm = (value >> 5) & 7;
      }
      csr.mstatus |= kFS;  // dirty
      return true;

    case csr::kSstatus: {
      const uint64_t old = csr.mstatus;
      const uint64_t writable = (config_.isa.has(Ext::kF) ? kSstatusWritable : kSstatusWritable & ~kFS) |
                                (config_.isa.has(Ext::kV) ? kVS : 0);
      csr.mstatus = (old & ~writable) | (value & writable);
      if ((old ^ csr.mstatus) & kMXR) tlb_.flush_all();
      update_contexts();
      return true;
    }
    case csr::kSie: {
      const uint64_t mask = csr.mideleg & kDelegableInterrupts;
      csr.mie = (csr.mie & ~mask) | (value & mask);
      return true;
    }
    case csr::kStvec:
      if (legal_tvec(value)) csr.stvec = value;
      return true;
    case csr::kScounteren: csr.scounteren = value & 0xFFFFFFFF; return true;
    case csr::kSenvcfg: csr.senvcfg = legal_envcfg(value & kSenvcfgWritable); return true;
    case csr::kSscratch: csr.sscratch = value; return true;
    case csr::kSepc: csr.sepc = value & ~1ull; return true;
    case csr::kScause: csr.scause = value; return true;
    case csr::kStval: csr.stval = value; return true;
    case csr::kSip: write_mip((mip_bits::kSSIP | mip_bits::kLCOFIP) & csr.mideleg, value); return true;
    case csr::kStimecmp:
      if (!stimecmp_accessible()) return false;
      stimecmp_.set_compare(value);
      return true;
    case csr::kSatp: {
      if (priv == Priv::S && (csr.mstatus & kTVM)) return false;
      const uint64_t mode = value >> satp_bits::kModeShift;
      // An unsupported mode leaves satp unchanged (privileged spec 4.1.11).
      if (mode != satp_bits::kModeBare && mode != satp_bits::kModeSv39 && mode != satp_bits::kModeSv48 &&
          mode != satp_bits::kModeSv57) {
        return true;
      }
      const uint64_t old = csr.satp;
      csr.satp = value & ((0xFull << satp_bits::kModeShift) |
                          (satp_bits::kAsidMask << satp_bits::kAsidShift) | satp_bits::kPpnMask);
      tlb_.switch_space(old, csr.satp);
      if (timeline_) [[unlikely]]
        timeline_->satp(csr.satp);
      return true;
    }

    case csr::kMstatus: {
      const uint64_t old = csr.mstatus;
      // Without F, FS is read-only zero, which makes fcsr and every FP instruction illegal; VS is
      // writable only with V.
      const uint64_t writable = (config_.isa.has(Ext::kF) ? kMstatusWritable : kMstatusWritable & ~kFS) |
                                (config_.isa.has(Ext::kV) ? kVS : 0);
      uint64_t next = (old & ~writable) | (value & writable);
      if (((next & kMPP) >> kMPPShift) == 2) next = (next & ~kMPP) | (old & kMPP);  // 2 is reserved
      csr.mstatus = next;
      if ((old ^ next) & kMXR) tlb_.flush_all();
      update_contexts();
      return true;
    }
    case csr::kMisa: return true;  // the extensions are fixed (WARL)
    case csr::kMedeleg: csr.medeleg = value & kDelegableExceptions; return true;
    case csr::kMideleg: csr.mideleg = value & kDelegableInterrupts; return true;
    case csr::kMie: csr.mie = value & kMieWritable; return true;
    case csr::kMtvec:
      if (legal_tvec(value)) csr.mtvec = value;
      return true;
    case csr::kMcounteren: csr.mcounteren = value & 0xFFFFFFFF; return true;
    case csr::kMenvcfg: {
      const uint64_t old = csr.menvcfg;
      uint64_t writable = kMenvcfgWritable;
      if (!config_.isa.has(Ext::kSstc)) writable &= ~menvcfg_bits::kSTCE;
      if (!config_.isa.has(Ext::kSvpbmt)) writable &= ~menvcfg_bits::kPBMTE;
      csr.menvcfg = legal_envcfg(value & writable);
      if ((csr.menvcfg & ~old) & menvcfg_bits::kSTCE) stimecmp_.poll(clock_.now());  // STIP follows it now
      if ((csr.menvcfg ^ old) & (menvcfg_bits::kADUE | menvcfg_bits::kPBMTE)) tlb_.flush_all();
      return true;
    }
    case csr::kMcountinhibit: set_mcountinhibit(value); return true;  // CY, IR: zero
    case csr::kMscratch: csr.mscratch = value; return true;
    case csr::kMepc: csr.mepc = value & ~1ull; return true;
    case csr::kMcause: csr.mcause = value; return true;
    case csr::kMtval: csr.mtval = value; return true;
    case csr::kMip: {
      // With Sstc on, STIP is stimecmp's and read-only here.
      const uint64_t stip = (csr.menvcfg & menvcfg_bits::kSTCE) ? mip_bits::kSTIP : 0;
      write_mip(mip_bits::kSupervisor & ~stip, value);
      return true;
    }
    // The written value is what the next instruction reads: the write replaces the increment
    // of the writing instruction (unprivileged spec 10.1). Both are offsets from the hart's own
    // count, which --max-insns and the timer polls go by.
    case csr::kMcycle: csr.cycle_offset = value - instret_now() - 1; return true;
    case csr::kMinstret: csr.instret_offset = value - instret_now() - 1; return true;
    default: return false;
  }
}

}  // namespace microvm::riscv
