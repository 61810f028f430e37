#!/usr/bin/env python3
"""Writes cases.S for the vector comparison program: one small function per case, each setting
vtype and vl and running one vector instruction (a few for memory and trap cases) on the
registers and memory main.c prepared. Registers: vd = v8, vs2 = v16, vs1 = v24, the mask v0;
a0 is the scalar operand (and the scalar result), a1 the memory buffer, a2 a stride.

    gen.py OUTPUT.S [--rtz]

QEMU 7.2 aborts (an assertion in its translator) on the round-toward-zero conversions
(vf[w|n]cvt.rtz.*), so the cases named after them run the same conversion with frm = RTZ; with
--rtz they run the rtz instruction itself, for microvm only: both builds must print the same."""
import sys

RTZ = "--rtz" in sys.argv[2:]

SEWS = (8, 16, 32, 64)
# (LMUL, AVL, masked): the whole register group unmasked, a short masked vl, a fractional or
# large group masked.
CONFIGS = (("m1", 1000, False), ("m2", 11, True), ("mf2", 1000, True), ("m4", 37, False))

cases = []  # (name, body lines, mode)


def add(name, body, mode=0):
    cases.append((name, body, mode))


def vset(sew, lmul, avl, policy="tu, mu"):
    return [f"li t0, {avl}", f"vsetvli t1, t0, e{sew}, {lmul}, {policy}"]


def each_config(name, make, sews=SEWS, masked_ok=True):
    for sew in sews:
        for lmul, avl, masked in CONFIGS:
            if lmul == "mf2" and sew == 64:
                continue
            if masked and not masked_ok:
                masked = False
            mask = ", v0.t" if masked else ""
            add(f"{name}.e{sew}.{lmul}{'.mask' if masked else ''}", vset(sew, lmul, avl) + make(sew, mask))


# ---- integer, fixed point: vv / vx / vi forms -----------------------------------------------
UIMM = {"vsll", "vsrl", "vsra", "vssrl", "vssra", "vnsrl", "vnsra", "vnclipu", "vnclip"}


def binary(op, forms):
    for form in forms:
        src = {"vv": "v24", "vx": "a0", "vi": "IMM", "wv": "v24", "wx": "a0", "wi": "IMM"}[form]
        imms = [0, 31, 3] if op in UIMM else [-16, 15, 3]
        for imm in (imms if "i" in form else [None]):
            s = str(imm) if imm is not None else src
            suffix = f".{imm}" if imm is not None else ""
            each_config(f"{op}.{form}{suffix}", lambda sew, m, op=op, form=form, s=s: [f"{op}.{form} v8, v16, {s}{m}"])


for op in ("vadd", "vand", "vor", "vxor", "vsaddu", "vsadd", "vmseq", "vmsne", "vmsleu", "vmsle"):
    binary(op, ("vv", "vx", "vi"))
for op in ("vsll", "vsrl", "vsra", "vssrl", "vssra"):
    binary(op, ("vv", "vx", "vi"))
for op in ("vsub", "vminu", "vmin", "vmaxu", "vmax", "vssubu", "vssub", "vsmul", "vmsltu", "vmslt",
           "vdivu", "vdiv", "vremu", "vrem", "vmulhu", "vmul", "vmulhsu", "vmulh", "vaaddu", "vaadd",
           "vasubu", "vasub"):
    binary(op, ("vv", "vx"))
binary("vrsub", ("vx", "vi"))
binary("vmsgtu", ("vx", "vi"))
binary("vmsgt", ("vx", "vi"))
for op in ("vnsrl", "vnsra", "vnclipu", "vnclip"):
    binary(op, ("wv", "wx", "wi"))
for op in ("vwaddu", "vwadd", "vwsubu", "vwsub", "vwmulu", "vwmulsu", "vwmul"):
    binary(op, ("vv", "vx"))
for op in ("vwaddu", "vwadd", "vwsubu", "vwsub"):
    binary(op, ("wv", "wx"))
for op in ("vmacc", "vnmsac", "vmadd", "vnmsub", "vwmaccu", "vwmacc", "vwmaccsu"):
    each_config(f"{op}.vv", lambda sew, m, op=op: [f"{op}.vv v8, v24, v16{m}"])
    each_config(f"{op}.vx", lambda sew, m, op=op: [f"{op}.vx v8, a0, v16{m}"])
each_config("vwmaccus.vx", lambda sew, m: [f"vwmaccus.vx v8, a0, v16{m}"])

# Carries and merges (v0 is an operand, never a mask).
for op, forms in (("vadc", ("vvm", "vxm", "vim")), ("vmadc", ("vvm", "vxm", "vim", "vv", "vx", "vi")),
                  ("vsbc", ("vvm", "vxm")), ("vmsbc", ("vvm", "vxm", "vv", "vx")),
                  ("vmerge", ("vvm", "vxm", "vim"))):
    for form in forms:
        src = {"v": "v24", "x": "a0", "i": "-7"}[form[1]]
        tail = ", v0" if form.endswith("m") else ""
        each_config(f"{op}.{form}", lambda sew, m, op=op, form=form, src=src, tail=tail:
                    [f"{op}.{form} v8, v16, {src}{tail}"], masked_ok=False)
each_config("vmv.v.v", lambda sew, m: ["vmv.v.v v8, v24"], masked_ok=False)
each_config("vmv.v.x", lambda sew, m: ["vmv.v.x v8, a0"], masked_ok=False)
each_config("vmv.v.i", lambda sew, m: ["vmv.v.i v8, -9"], masked_ok=False)
for op in ("vzext", "vsext"):
    for f in (2, 4, 8):
        each_config(f"{op}.vf{f}", lambda sew, m, op=op, f=f: [f"{op}.vf{f} v8, v16{m}"])

# Reductions.
for op in ("vredsum", "vredand", "vredor", "vredxor", "vredminu", "vredmin", "vredmaxu", "vredmax",
           "vwredsumu", "vwredsum"):
    each_config(f"{op}.vs", lambda sew, m, op=op: [f"{op}.vs v8, v16, v24{m}"])

# Masks.
for op in ("vmandn", "vmand", "vmor", "vmxor", "vmorn", "vmnand", "vmnor", "vmxnor"):
    each_config(f"{op}.mm", lambda sew, m, op=op: [f"{op}.mm v8, v16, v24"], masked_ok=False)
each_config("vcpop.m", lambda sew, m: [f"vcpop.m a0, v16{m}"])
each_config("vfirst.m", lambda sew, m: [f"vfirst.m a0, v16{m}"])
for op in ("vmsbf", "vmsif", "vmsof"):
    each_config(f"{op}.m", lambda sew, m, op=op: [f"{op}.m v8, v16{m}"])
each_config("viota.m", lambda sew, m: [f"viota.m v8, v16{m}"])
each_config("vid.v", lambda sew, m: [f"vid.v v8{m}"])

# Permutations.
each_config("vmv.x.s", lambda sew, m: ["vmv.x.s a0, v16"], masked_ok=False)
each_config("vmv.s.x", lambda sew, m: ["vmv.s.x v8, a0"], masked_ok=False)
for op, forms in (("vslideup", ("vx", "vi")), ("vslidedown", ("vx", "vi")), ("vrgather", ("vv", "vx", "vi"))):
    for form in forms:
        src = {"vv": "v24", "vx": "a0", "vi": "5"}[form]
        each_config(f"{op}.{form}", lambda sew, m, op=op, form=form, src=src: [f"{op}.{form} v8, v16, {src}{m}"])
each_config("vrgatherei16.vv", lambda sew, m: [f"vrgatherei16.vv v8, v16, v24{m}"])
each_config("vslide1up.vx", lambda sew, m: [f"vslide1up.vx v8, v16, a0{m}"])
each_config("vslide1down.vx", lambda sew, m: [f"vslide1down.vx v8, v16, a0{m}"])
each_config("vcompress.vm", lambda sew, m: ["vcompress.vm v8, v16, v24"], masked_ok=False)
for n in (1, 2, 4, 8):
    add(f"vmv{n}r.v", vset(32, "m1", 3) + [f"vmv{n}r.v v8, v16"])

# ---- floating point -------------------------------------------------------------------------
# Mode bit 2: main.c fills the registers with FP edge values (NaNs, infinities, signed zeros,
# subnormals...) and sets frm to the case number mod 5. The scalar of a .vf form is fa0, from a4
# (a binary32 value, NaN-boxed by fmv.w.x) or a3 (binary64). SEW 16 would need Zvfh, which
# microvm lacks (illegal) while QEMU 7.2 runs it even with Zfh off: the "zvfh" cases below.
FP = 2
FSEWS = (32, 64)


def fscalar(sew):
    return ["fmv.w.x fa0, a4"] if sew <= 32 else ["fmv.d.x fa0, a3"]


def fp_config(name, make, sews=FSEWS, masked_ok=True, mode=FP):
    for sew in sews:
        for lmul, avl, masked in CONFIGS:
            if lmul == "mf2" and sew == 64:
                continue
            masked = masked and masked_ok
            mask = ", v0.t" if masked else ""
            add(f"{name}.e{sew}.{lmul}{'.mask' if masked else ''}",
                vset(sew, lmul, avl) + fscalar(sew) + make(sew, mask), mode)


for op in ("vfadd", "vfsub", "vfmul", "vfdiv", "vfmin", "vfmax", "vfsgnj", "vfsgnjn", "vfsgnjx",
           "vmfeq", "vmfne", "vmflt", "vmfle"):
    fp_config(f"{op}.vv", lambda sew, m, op=op: [f"{op}.vv v8, v16, v24{m}"])
    fp_config(f"{op}.vf", lambda sew, m, op=op: [f"{op}.vf v8, v16, fa0{m}"])
for op in ("vfrsub", "vfrdiv", "vmfgt", "vmfge"):
    fp_config(f"{op}.vf", lambda sew, m, op=op: [f"{op}.vf v8, v16, fa0{m}"])
for op in ("vfmacc", "vfnmacc", "vfmsac", "vfnmsac", "vfmadd", "vfnmadd", "vfmsub", "vfnmsub",
           "vfwmacc", "vfwnmacc", "vfwmsac", "vfwnmsac"):
    fp_config(f"{op}.vv", lambda sew, m, op=op: [f"{op}.vv v8, v24, v16{m}"])
    fp_config(f"{op}.vf", lambda sew, m, op=op: [f"{op}.vf v8, fa0, v16{m}"])
for op in ("vfwadd", "vfwsub", "vfwmul"):
    fp_config(f"{op}.vv", lambda sew, m, op=op: [f"{op}.vv v8, v16, v24{m}"])
    fp_config(f"{op}.vf", lambda sew, m, op=op: [f"{op}.vf v8, v16, fa0{m}"])
for op in ("vfwadd", "vfwsub"):
    fp_config(f"{op}.wv", lambda sew, m, op=op: [f"{op}.wv v8, v16, v24{m}"])
    fp_config(f"{op}.wf", lambda sew, m, op=op: [f"{op}.wf v8, v16, fa0{m}"])
for op in ("vfsqrt", "vfrsqrt7", "vfrec7", "vfclass"):
    fp_config(f"{op}.v", lambda sew, m, op=op: [f"{op}.v v8, v16{m}"])
for op in ("vfredusum", "vfredosum", "vfredmin", "vfredmax", "vfwredusum", "vfwredosum"):
    fp_config(f"{op}.vs", lambda sew, m, op=op: [f"{op}.vs v8, v16, v24{m}"])
fp_config("vfmerge.vfm", lambda sew, m: ["vfmerge.vfm v8, v16, fa0, v0"], masked_ok=False)
fp_config("vfmv.v.f", lambda sew, m: ["vfmv.v.f v8, fa0"], masked_ok=False)
fp_config("vfmv.s.f", lambda sew, m: ["vfmv.s.f v8, fa0"], masked_ok=False)
fp_config("vfmv.f.s", lambda sew, m: ["vfmv.f.s fa0, v16", "fmv.x.d a0, fa0"], masked_ok=False)
fp_config("vfslide1up.vf", lambda sew, m: [f"vfslide1up.vf v8, v16, fa0{m}"])
fp_config("vfslide1down.vf", lambda sew, m: [f"vfslide1down.vf v8, v16, fa0{m}"])
# Conversions, over every SEW: which widths are legal depends on the FP side. Integer sources get
# integer edge values (mode 0), FP sources FP ones.
# (name, SEWs where the FP side is binary32 or binary64 and the integer side at most 64 bits).
CONVERSIONS = [(f"vfcvt.{k}.v", (32, 64)) for k in ("xu.f", "x.f", "f.xu", "f.x")]
CONVERSIONS += [(f"vfwcvt.{k}.v", (32, 64)) for k in ("xu.f", "x.f", "f.f")]
CONVERSIONS += [(f"vfwcvt.{k}.v", (16, 32, 64)) for k in ("f.xu", "f.x")]
CONVERSIONS += [(f"vfncvt.{k}.w", (16, 32, 64)) for k in ("xu.f", "x.f")]
CONVERSIONS += [(f"vfncvt.{k}.w", (32, 64)) for k in ("f.xu", "f.x", "f.f", "rod.f.f")]
for name, sews in CONVERSIONS:
    from_int = ".f.x" in name
    fp_config(name, lambda sew, m, name=name: [f"{name} v8, v16{m}"], sews=sews, mode=0 if from_int else FP)
RTZ_FORMS = [(f"vfcvt.rtz.{k}.v", (32, 64)) for k in ("xu.f", "x.f")]
RTZ_FORMS += [(f"vfwcvt.rtz.{k}.v", (32, 64)) for k in ("xu.f", "x.f")]
RTZ_FORMS += [(f"vfncvt.rtz.{k}.w", (16, 32, 64)) for k in ("xu.f", "x.f")]
for name, sews in RTZ_FORMS:
    reference = name.replace("rtz.", "")
    fp_config(name, lambda sew, m, name=name, reference=reference:
              [f"{name} v8, v16{m}"] if RTZ else ["csrwi frm, 1", f"{reference} v8, v16{m}"], sews=sews)
# SEW 16: illegal on microvm (no Zvfh); tests/e2e/test_vector_qemu_compare.py expects that.
for body in ("vfadd.vv v8, v16, v24", "vfmacc.vf v8, fa0, v16", "vfwcvt.f.f.v v8, v16", "vfncvt.f.f.w v8, v16",
             "vfwadd.vv v8, v16, v24", "vfsqrt.v v8, v16", "vmflt.vv v8, v16, v24", "vfmv.f.s fa0, v16"):
    add(f"zvfh.{body.split()[0]}", vset(16, "m1", 1000) + [body], FP)
# Every rounding mode on the operations that round, and a few special cases: a scalar that is
# not NaN-boxed, frm 5..7 (reserved: illegal), FS off (illegal), FS dirty tracking.
for rm in range(5):
    for sew in (32, 64):
        pre = vset(sew, "m1", 1000) + fscalar(sew) + [f"csrwi frm, {rm}"]
        for body in ("vfadd.vv v8, v16, v24", "vfmul.vf v8, v16, fa0", "vfdiv.vv v8, v16, v24",
                     "vfsqrt.v v8, v16", "vfmacc.vv v8, v24, v16", "vfrec7.v v8, v16", "vfcvt.x.f.v v8, v16",
                     "vfredusum.vs v8, v16, v24"):
            add(f"{body.split()[0]}.rm{rm}.e{sew}", pre + [body], FP)
        if sew == 32:
            for body in ("vfwadd.vv v8, v16, v24", "vfncvt.f.f.w v8, v16", "vfwmacc.vf v8, fa0, v16",
                         "vfncvt.rod.f.f.w v8, v16"):
                add(f"{body.split()[0]}.rm{rm}.e{sew}", pre + [body], FP)
        add(f"vfcvt.f.x.v.rm{rm}.e{sew}", pre + ["vfcvt.f.x.v v8, v16"], 0)
add("vfadd.vf.unboxed", vset(32, "m1", 1000) + ["fmv.d.x fa0, a3", "vfadd.vf v8, v16, fa0"], FP)
add("vfmv.v.f.unboxed", vset(32, "m1", 1000) + ["fmv.d.x fa0, a3", "vfmv.v.f v8, fa0"], FP)
for frm in (5, 6, 7):
    for body in ("vfadd.vv v8, v16, v24", "vfsgnj.vv v8, v16, v24", "vmfeq.vv v8, v16, v24", "vfclass.v v8, v16",
                 "vfmv.f.s fa0, v16", "vfmv.v.f v8, fa0", "vfmerge.vfm v8, v16, fa0, v0", "vfslide1up.vf v8, v16, fa0",
                 "vfredmax.vs v8, v16, v24", "vfcvt.f.x.v v8, v16"):
        add(f"{body.split()[0]}.frm{frm}", vset(32, "m1", 1000) + [f"csrwi frm, {frm}", body, "csrwi frm, 0"], FP)
FS_OFF = ["li t0, 0x6000", "csrc mstatus, t0"]
FS_ON = ["li t0, 0x2000", "csrs mstatus, t0"]
for body in ("vfadd.vv v8, v16, v24", "vfmv.f.s fa0, v16", "vfmv.s.f v8, fa0", "vfcvt.x.f.v v8, v16",
             "vfredosum.vs v8, v16, v24"):
    add(f"{body.split()[0]}.fs_off", vset(64, "m1", 1000) + FS_OFF + [body] + FS_ON, FP)
    # FS Initial before: what is it after? (read back in a0)
    add(f"{body.split()[0]}.fs_state", vset(64, "m1", 1000) + FS_OFF + FS_ON + [body, "csrr a0, mstatus", "srli a0, a0, 13",
                                                                              "andi a0, a0, 3"], FP)
for body in ("vfsgnj.vv v8, v16, v24", "vfmin.vv v8, v16, v24", "vfclass.v v8, v16", "vfmerge.vfm v8, v16, fa0, v0"):
    add(f"{body.split()[0]}.fs_state", vset(64, "m1", 1000) + FS_OFF + FS_ON + [body, "csrr a0, mstatus",
                                                                              "srli a0, a0, 13", "andi a0, a0, 3"], FP)

# ---- vset* ----------------------------------------------------------------------------------
for sew in SEWS:
    for lmul in ("mf8", "mf4", "mf2", "m1", "m2", "m4", "m8"):
        for avl in (0, 1, 5, 17, 1000):
            add(f"vsetvli.e{sew}.{lmul}.{avl}", [f"li t0, {avl}", f"vsetvli a0, t0, e{sew}, {lmul}, ta, ma"])
        add(f"vsetivli.e{sew}.{lmul}", [f"vsetivli a0, 13, e{sew}, {lmul}, tu, ma"])
        add(f"vsetvli.x0.e{sew}.{lmul}", [f"vsetvli a0, x0, e{sew}, {lmul}, ta, mu"])
add("vsetvli.keep", ["li t0, 7", "vsetvli t1, t0, e16, m1, tu, mu", "vsetvli x0, x0, e32, m1, tu, mu"])
for vtype in (0x3F, 0x04, 0x20, 0x100, 0x8000000000000000, 0x5, 0x1D):
    add(f"vsetvl.{vtype:#x}", [f"li t0, {vtype}", "li t1, 9", "vsetvl a0, t1, t0"])

# ---- loads and stores -----------------------------------------------------------------------
for eew in SEWS:
    for sew in (8, 32, 64):
        for lmul, avl, masked in (("m1", 1000, False), ("m2", 9, True), ("mf2", 1000, False)):
            if lmul == "mf2" and sew == 64:
                continue
            m = ", v0.t" if masked else ""
            tag = f"e{eew}.sew{sew}.{lmul}{'.mask' if masked else ''}"
            pre = vset(sew, lmul, avl)
            add(f"vle{eew}.{tag}", pre + [f"vle{eew}.v v8, (a1){m}"])
            add(f"vse{eew}.{tag}", pre + [f"vse{eew}.v v16, (a1){m}"])
            add(f"vle{eew}ff.{tag}", pre + [f"vle{eew}ff.v v8, (a1){m}"])
            add(f"vlse{eew}.{tag}", pre + ["li a2, 24", f"vlse{eew}.v v8, (a1), a2{m}"])
            add(f"vlse{eew}.neg.{tag}", pre + ["li a2, -8", "addi a1, a1, 2040", f"vlse{eew}.v v8, (a1), a2{m}"])
            add(f"vsse{eew}.{tag}", pre + ["li a2, 40", f"vsse{eew}.v v16, (a1), a2{m}"])
            # Indexed: offsets from v16 masked to stay in the buffer, aligned to the data width.
            idx = [f"vsetvli t2, x0, e{eew}, m8, tu, mu", f"li t3, {0x3FF & ~(sew // 8 - 1)}",
                   "vand.vx v16, v16, t3"] + pre
            for op in ("vluxei", "vloxei"):
                add(f"{op}{eew}.{tag}", idx + [f"{op}{eew}.v v8, (a1), v16{m}"])
            for op in ("vsuxei", "vsoxei"):
                add(f"{op}{eew}.{tag}", idx + [f"{op}{eew}.v v24, (a1), v16{m}"])
            for nf in (2, 3, 4, 8):
                add(f"vlseg{nf}e{eew}.{tag}", pre + [f"vlseg{nf}e{eew}.v v8, (a1){m}"])
                add(f"vsseg{nf}e{eew}.{tag}", pre + [f"vsseg{nf}e{eew}.v v8, (a1){m}"])
                add(f"vlsseg{nf}e{eew}.{tag}", pre + ["li a2, 72", f"vlsseg{nf}e{eew}.v v8, (a1), a2{m}"])
            add(f"vluxseg2ei{eew}.{tag}", idx + [f"vluxseg2ei{eew}.v v8, (a1), v16{m}"])
    for n in (1, 2, 4, 8):
        add(f"vl{n}re{eew}.v", vset(eew, "m1", 3) + [f"vl{n}re{eew}.v v8, (a1)"])
for n in (1, 2, 4, 8):
    add(f"vs{n}r.v", vset(64, "m1", 3) + [f"vs{n}r.v v8, (a1)"])
for sew in SEWS:
    add(f"vlm.v.e{sew}", vset(sew, "m8", 1000) + ["vlm.v v8, (a1)"])
    add(f"vsm.v.e{sew}", vset(sew, "m1", 13) + ["vsm.v v16, (a1)"])

# ---- traps: vstart, fault-only-first, VS off ------------------------------------------------
# The last bytes of RAM (128 MiB from 0x80000000): elements past them fault.
END = 0x88000000
for eew in (8, 32):
    add(f"vle{eew}ff.trim", vset(eew, "m1", 1000) + [f"li a1, {END - 3 * eew // 8}", f"vle{eew}ff.v v8, (a1)"])
    add(f"vle{eew}ff.first", vset(eew, "m1", 1000) + [f"li a1, {END}", f"vle{eew}ff.v v8, (a1)"])
    add(f"vlse{eew}.fault", vset(eew, "m1", 1000) + [f"li a1, {END - 64}", "li a2, 32", f"vlse{eew}.v v8, (a1), a2"])
    add(f"vlse{eew}.restart", vset(eew, "m1", 1000) + [f"li a1, {END - 64}", "li a2, 32",
                                                        f"vlse{eew}.v v8, (a1), a2"], mode=1)
    add(f"vsse{eew}.restart", vset(eew, "m1", 1000) + [f"li a1, {END - 16}", "li a2, 16",
                                                        f"vsse{eew}.v v16, (a1), a2", f"vle{eew}.v v24, (a1)"], mode=1)
add("vs.off", ["li t0, 0x600", "csrc mstatus, t0", "vsetvli a0, x0, e8, m1, tu, mu", "csrr a0, vl",
               "li t0, 0x200", "csrs mstatus, t0"])


def main():
    out = [f"# Generated by gen.py: {len(cases)} cases. Do not edit.", "    .option arch, +v", "    .text"]
    for n, (name, body, _) in enumerate(cases):
        out += [f"case_{n}:  # {name}"] + [f"    {line}" for line in body] + ["    ret"]
    out += ["    .section .rodata", "    .balign 8", "    .global vector_cases, vector_case_names, vector_case_count,"
            " vector_case_modes", "vector_cases:"]
    out += [f"    .quad case_{n}" for n in range(len(cases))]
    out += ["vector_case_names:"] + [f"    .quad name_{n}" for n in range(len(cases))]
    out += ["vector_case_modes:"] + [f"    .quad {mode}" for _, _, mode in cases]
    out += [f"vector_case_count: .quad {len(cases)}"]
    out += [f'name_{n}: .asciz "{name}"' for n, (name, _, _) in enumerate(cases)]
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(out) + "\n")


main()
