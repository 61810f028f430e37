//! rust-kernel: tutorial 5's kernel in `#![no_std]` Rust, for the virt machine (microvm, or
//! `qemu-system-riscv64 -M virt -bios none`). It runs in M-mode and shows:
//!   - a 16550 UART driver behind `core::fmt::Write`, so `println!` works
//!   - the entry point and the trap vector in `global_asm!`, the CSRs with `asm!`
//!   - machine timer interrupts from the CLINT
//!   - Sv39 page tables for user mode
//!   - three tasks in U-mode under a timer-driven round-robin scheduler
//!   - the system calls write, exit, yield and getpid
//! then powers the machine off. Read it top to bottom.
#![no_std]
#![no_main]

use core::arch::{asm, global_asm};
use core::fmt::{self, Write};
use core::panic::PanicInfo;
use core::ptr::{read_volatile, write_volatile};
use core::sync::atomic::{AtomicU32, Ordering};

// ---- The machine (QEMU virt's memory map) ----
const UART0: usize = 0x1000_0000;
const CLINT_MTIMECMP: usize = 0x0200_4000; // hart 0's compare register
const CLINT_MTIME: usize = 0x0200_BFF8;
const SYSCON: usize = 0x0010_0000;
const RAM_START: u64 = 0x8000_0000;
const RAM_END: u64 = 0x8080_0000; // this kernel maps the first 8 MiB of RAM
const TICK_INTERVAL: u64 = 100_000; // 10 ms at the 10 MHz timebase

// ---- Entry and trap vector ----
// Hart 0 gets a stack and calls kmain. A trap saves the registers into the current task's frame
// (mscratch points at it), calls trap(), and resumes whatever frame trap() returns: that is the
// context switch. Frame layout (struct Frame): x1..x31 at 8*(n-1), then mepc at 248.
global_asm!(
    r#"
    .section .text.boot
    .global _start
_start:
    csrr t0, mhartid
    bnez t0, 3f
    la sp, __stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la t0, trap_vector
    csrw mtvec, t0
    call kmain
3:  wfi
    j 3b

    .balign 4
trap_vector:
    csrrw t6, mscratch, t6
    sd x1, 0(t6)
    sd x2, 8(t6)
    sd x3, 16(t6)
    sd x4, 24(t6)
    sd x5, 32(t6)
    sd x6, 40(t6)
    sd x7, 48(t6)
    sd x8, 56(t6)
    sd x9, 64(t6)
    sd x10, 72(t6)
    sd x11, 80(t6)
    sd x12, 88(t6)
    sd x13, 96(t6)
    sd x14, 104(t6)
    sd x15, 112(t6)
    sd x16, 120(t6)
    sd x17, 128(t6)
    sd x18, 136(t6)
    sd x19, 144(t6)
    sd x20, 152(t6)
    sd x21, 160(t6)
    sd x22, 168(t6)
    sd x23, 176(t6)
    sd x24, 184(t6)
    sd x25, 192(t6)
    sd x26, 200(t6)
    sd x27, 208(t6)
    sd x28, 216(t6)
    sd x29, 224(t6)
    sd x30, 232(t6)
    csrr t0, mscratch
    sd t0, 240(t6)
    csrr t0, mepc
    sd t0, 248(t6)
    la sp, __stack_top
    mv a0, t6
    call trap

    .global trap_return
trap_return:
    mv t6, a0
    csrw mscratch, t6
    ld t0, 248(t6)
    csrw mepc, t0
    ld x1, 0(t6)
    ld x2, 8(t6)
    ld x3, 16(t6)
    ld x4, 24(t6)
    ld x5, 32(t6)
    ld x6, 40(t6)
    ld x7, 48(t6)
    ld x8, 56(t6)
    ld x9, 64(t6)
    ld x10, 72(t6)
    ld x11, 80(t6)
    ld x12, 88(t6)
    ld x13, 96(t6)
    ld x14, 104(t6)
    ld x15, 112(t6)
    ld x16, 120(t6)
    ld x17, 128(t6)
    ld x18, 136(t6)
    ld x19, 144(t6)
    ld x20, 152(t6)
    ld x21, 160(t6)
    ld x22, 168(t6)
    ld x23, 176(t6)
    ld x24, 184(t6)
    ld x25, 192(t6)
    ld x26, 200(t6)
    ld x27, 208(t6)
    ld x28, 216(t6)
    ld x29, 224(t6)
    ld x30, 232(t6)
    ld x31, 240(t6)
    mret
"#
);

extern "C" {
    fn trap_return(frame: *mut Frame) -> !;
}

// ---- CSRs: one inline-assembly instruction each ----
macro_rules! csr_read {
    ($csr:literal) => {{
        let value: u64;
        #[allow(unused_unsafe)] // also used inside unsafe functions
        unsafe { asm!(concat!("csrr {0}, ", $csr), out(reg) value) };
        value
    }};
}
macro_rules! csr_write {
    ($csr:literal, $value:expr) => {{
        #[allow(unused_unsafe)]
        unsafe { asm!(concat!("csrw ", $csr, ", {0}"), in(reg) $value as u64) };
    }};
}

// ---- The UART, and println! on top of it ----
struct Uart;

impl Uart {
    fn put(&mut self, byte: u8) {
        let base = UART0 as *mut u8;
        // LSR (register 5) bit 5: the transmit holding register is empty.
        unsafe {
            while read_volatile(base.add(5)) & 0x20 == 0 {}
            write_volatile(base, byte);
        }
    }
}

impl Write for Uart {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        s.bytes().for_each(|b| self.put(b));
        Ok(())
    }
}

macro_rules! println {
    ($($arg:tt)*) => {{
        let _ = writeln!(Uart, $($arg)*);
    }};
}

fn power_off(failed: bool) -> ! {
    // sifive,test: fail with exit code 1, or pass.
    unsafe { write_volatile(SYSCON as *mut u32, if failed { 0x13333 } else { 0x5555 }) };
    loop {
        unsafe { asm!("wfi") };
    }
}

// ---- Sv39 paging ----
// Tasks run in U-mode with translation on. The kernel runs in M-mode, where addresses are
// physical, so it only needs the tables to exist. One identity map with 2 MiB megapages covers
// the kernel's 8 MiB; the U bit lets tasks run the (shared) code in it. The tables are statics
// in .bss: the type's alignment puts each on a page boundary, as the MMU requires.
#[repr(C, align(4096))]
struct PageTable([u64; 512]);

static mut ROOT: PageTable = PageTable([0; 512]);
static mut LEVEL1: PageTable = PageTable([0; 512]);

const PTE_V: u64 = 0x01;
const PTE_R: u64 = 0x02;
const PTE_W: u64 = 0x04;
const PTE_X: u64 = 0x08;
const PTE_U: u64 = 0x10;
const PTE_A: u64 = 0x40;
const PTE_D: u64 = 0x80;

fn pte(pa: u64, flags: u64) -> u64 {
    (pa >> 12) << 10 | flags
}

unsafe fn setup_paging() -> u64 {
    let level1 = &mut LEVEL1.0;
    for pa in (RAM_START..RAM_END).step_by(0x20_0000) {
        level1[(pa >> 21) as usize & 0x1FF] = pte(pa, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D);
    }
    ROOT.0[(RAM_START >> 30) as usize & 0x1FF] = pte(level1.as_ptr() as u64, PTE_V);
    8 << 60 | (ROOT.0.as_ptr() as u64 >> 12) // MODE = Sv39
}

// ---- Tasks and the scheduler ----
#[repr(C)]
struct Frame {
    x: [u64; 31], // x1..x31
    mepc: u64,
}

#[derive(PartialEq)]
enum State {
    Unused,
    Runnable,
    Exited,
}

struct Task {
    frame: Frame,
    pid: u64,
    state: State,
    name: &'static str,
}

#[repr(C, align(16))]
struct Stack([u8; 8192]);

const NTASKS: usize = 3;
const NO_TASK: Task = Task { frame: Frame { x: [0; 31], mepc: 0 }, pid: 0, state: State::Unused, name: "" };
const NO_STACK: Stack = Stack([0; 8192]);
// Only the kernel touches these, with interrupts off, on one hart: `static mut` is enough.
static mut TASKS: [Task; NTASKS] = [NO_TASK; NTASKS];
static mut STACKS: [Stack; NTASKS] = [NO_STACK; NTASKS];
static mut CURRENT: usize = 0;
// Context switches so far. The tasks read it while the kernel changes it: an atomic.
static TICKS: AtomicU32 = AtomicU32::new(0);

unsafe fn create_task(name: &'static str, entry: extern "C" fn() -> !) {
    if let Some(i) = TASKS.iter().position(|t| t.state == State::Unused) {
        let t = &mut TASKS[i];
        t.pid = i as u64 + 1;
        t.name = name;
        t.state = State::Runnable;
        t.frame.mepc = entry as u64;
        t.frame.x[1] = STACKS[i].0.as_ptr_range().end as u64; // x2 = sp
        println!("[sched] created task {}: '{}'", t.pid, name);
    }
}

// Round robin: the next runnable task after the current one.
unsafe fn schedule() -> *mut Frame {
    for n in 1..=NTASKS {
        let next = (CURRENT + n) % NTASKS;
        if TASKS[next].state == State::Runnable {
            if next != CURRENT || TASKS[CURRENT].state != State::Runnable {
                TICKS.fetch_add(1, Ordering::Relaxed);
            }
            CURRENT = next;
            return &mut TASKS[next].frame;
        }
    }
    println!("\n[kernel] all tasks exited after {} context switches; powering off", TICKS.load(Ordering::Relaxed));
    power_off(false);
}

// ---- Traps and system calls ----
const SYS_WRITE: u64 = 64;
const SYS_EXIT: u64 = 93;
const SYS_YIELD: u64 = 124;
const SYS_GETPID: u64 = 172;
const ENOSYS: u64 = 38;

const MACHINE_TIMER_INTERRUPT: u64 = 1 << 63 | 7;
const ECALL_FROM_U: u64 = 8;

fn set_timer() {
    unsafe {
        let now = read_volatile(CLINT_MTIME as *const u64);
        write_volatile(CLINT_MTIMECMP as *mut u64, now + TICK_INTERVAL);
    }
}

#[no_mangle]
unsafe extern "C" fn trap(f: *mut Frame) -> *mut Frame {
    let cause = csr_read!("mcause");
    if cause == MACHINE_TIMER_INTERRUPT {
        set_timer();
        return schedule(); // preempt
    }
    let f = &mut *f;
    if cause != ECALL_FROM_U {
        println!("[kernel] unexpected trap: mcause={:x} mepc={:x} mtval={:x}", cause, f.mepc, csr_read!("mtval"));
        power_off(true);
    }
    f.mepc += 4; // return past the ecall
    let a = &mut f.x[9..17]; // a0..a7 are x10..x17
    match a[7] {
        SYS_WRITE => {
            // write(fd, buf, len): the kernel reads user memory directly
            let bytes = core::slice::from_raw_parts(a[1] as *const u8, a[2] as usize);
            bytes.iter().for_each(|&b| Uart.put(b));
            a[0] = a[2];
        }
        SYS_EXIT => {
            TASKS[CURRENT].state = State::Exited;
            return schedule();
        }
        SYS_YIELD => return schedule(),
        SYS_GETPID => a[0] = TASKS[CURRENT].pid,
        _ => a[0] = ENOSYS.wrapping_neg(),
    }
    f
}

// ---- User space: the tasks, and their side of the system calls ----
fn syscall(n: u64, a0: u64, a1: u64, a2: u64) -> u64 {
    let mut result = a0;
    unsafe { asm!("ecall", inout("a0") result, in("a1") a1, in("a2") a2, in("a7") n) };
    result
}

fn exit() -> ! {
    syscall(SYS_EXIT, 0, 0, 0);
    unreachable!()
}

// A line formatted in the task's memory, then written with one system call.
struct Line {
    buf: [u8; 128],
    len: usize,
}

impl Write for Line {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for b in s.bytes() {
            if self.len < self.buf.len() {
                self.buf[self.len] = b;
                self.len += 1;
            }
        }
        Ok(())
    }
}

macro_rules! uprintln {
    ($($arg:tt)*) => {{
        let mut line = Line { buf: [0; 128], len: 0 };
        let _ = writeln!(line, $($arg)*);
        syscall(SYS_WRITE, 1, line.buf.as_ptr() as u64, line.len as u64);
    }};
}

#[no_mangle]
extern "C" fn task_a() -> ! {
    for i in 0..3 {
        let (tick, pid) = (TICKS.load(Ordering::Relaxed), syscall(SYS_GETPID, 0, 0, 0));
        uprintln!("[Task A] Hello! tick={}, pid={}, iteration={}", tick, pid, i);
        syscall(SYS_YIELD, 0, 0, 0);
    }
    exit()
}

#[no_mangle]
extern "C" fn task_b() -> ! {
    for i in 0..3 {
        let (tick, pid) = (TICKS.load(Ordering::Relaxed), syscall(SYS_GETPID, 0, 0, 0));
        uprintln!("[Task B] World! tick={}, pid={}, iteration={}", tick, pid, i);
        syscall(SYS_YIELD, 0, 0, 0);
    }
    exit()
}

// Never yields: only the timer interrupt takes the CPU away from it.
#[no_mangle]
extern "C" fn task_c() -> ! {
    let msg = b"[Task C] Written via syscall!\n";
    syscall(SYS_WRITE, 1, msg.as_ptr() as u64, msg.len() as u64);
    let mut sum = 0u64;
    for i in 0..3_000_000u64 {
        // volatile, so the compiler keeps the loop instead of computing the sum itself
        unsafe { write_volatile(&mut sum, read_volatile(&sum) + i) };
    }
    uprintln!("[Task C] sum={}, computed while the timer preempted me", sum);
    exit()
}

// ---- Boot ----
#[no_mangle]
unsafe extern "C" fn kmain() -> ! {
    println!("\n  +---------------------------------------+");
    println!("  |   rust-kernel on RISC-V (microvm)     |");
    println!("  |   Hello from Rust! (no_std)           |");
    println!("  +---------------------------------------+\n");

    let satp = setup_paging();
    println!("[mm] enabling Sv39 paging, satp={:#x}", satp);
    csr_write!("satp", satp);
    asm!("sfence.vma");

    // PMP: without an entry that matches, U-mode may touch no memory at all. Allow everything.
    csr_write!("pmpaddr0", u64::MAX >> 10);
    csr_write!("pmpcfg0", 0x1F); // NAPOT, R, W, X

    create_task("Task A", task_a);
    create_task("Task B", task_b);
    create_task("Task C", task_c);

    println!("[kernel] starting scheduler...\n");
    set_timer();
    csr_write!("mie", 1 << 7); // MTIE
    // mret into the first task: MPP = U (0), MPIE = 1 so interrupts are on in U-mode.
    csr_write!("mstatus", csr_read!("mstatus") & !(3 << 11) | 1 << 7);
    CURRENT = 0;
    trap_return(&mut TASKS[0].frame);
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    println!("panic: {}", info);
    power_off(true);
}
