//! rust-kernel: a `#![no_std]` kernel for the virt machine (microvm, or
//! `qemu-system-riscv64 -M virt -bios none`). It runs in M-mode and shows:
//!   - a 16550 UART driver behind `core::fmt::Write`, so `println!` works
//!   - inline assembly for the CSRs, and a trap vector written with `global_asm!`
//!   - machine timer interrupts from the CLINT
//!   - a panic handler that reports and powers the machine off
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
const TICK_INTERVAL: u64 = 100_000; // 10 ms at the 10 MHz timebase
const TICKS: u32 = 5;

// ---- Entry and trap vector: hart 0 gets a stack and calls kmain; every trap calls trap() ----
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
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd t3, 32(sp)
    sd t4, 40(sp)
    sd t5, 48(sp)
    sd t6, 56(sp)
    sd a0, 64(sp)
    sd a1, 72(sp)
    sd a2, 80(sp)
    sd a3, 88(sp)
    sd a4, 96(sp)
    sd a5, 104(sp)
    sd a6, 112(sp)
    sd a7, 120(sp)
    call trap
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld t3, 32(sp)
    ld t4, 40(sp)
    ld t5, 48(sp)
    ld t6, 56(sp)
    ld a0, 64(sp)
    ld a1, 72(sp)
    ld a2, 80(sp)
    ld a3, 88(sp)
    ld a4, 96(sp)
    ld a5, 104(sp)
    ld a6, 112(sp)
    ld a7, 120(sp)
    addi sp, sp, 128
    mret
"#
);

// ---- CSRs: one inline-assembly instruction each ----
macro_rules! csr_read {
    ($csr:literal) => {{
        let value: u64;
        unsafe { asm!(concat!("csrr {0}, ", $csr), out(reg) value) };
        value
    }};
}
macro_rules! csr_set {
    ($csr:literal, $bits:expr) => {
        unsafe { asm!(concat!("csrs ", $csr, ", {0}"), in(reg) $bits) }
    };
}
macro_rules! csr_clear {
    ($csr:literal, $bits:expr) => {
        unsafe { asm!(concat!("csrc ", $csr, ", {0}"), in(reg) $bits) }
    };
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
    unsafe { write_volatile(SYSCON as *mut u32, if failed { 0x13333 } else { 0x5555 }) };
    loop {
        unsafe { asm!("wfi") };
    }
}

// ---- The timer ----
static TICKS_SEEN: AtomicU32 = AtomicU32::new(0);

fn set_timer() {
    unsafe {
        let now = read_volatile(CLINT_MTIME as *const u64);
        write_volatile(CLINT_MTIMECMP as *mut u64, now + TICK_INTERVAL);
    }
}

const MCAUSE_INTERRUPT: u64 = 1 << 63;
const IRQ_M_TIMER: u64 = 7;
const MIE_MTIE: u64 = 1 << 7;
const MSTATUS_MIE: u64 = 1 << 3;

#[no_mangle]
extern "C" fn trap() {
    let cause = csr_read!("mcause");
    if cause == MCAUSE_INTERRUPT | IRQ_M_TIMER {
        let tick = TICKS_SEEN.fetch_add(1, Ordering::Relaxed) + 1;
        println!("[timer] tick {}", tick);
        if tick < TICKS {
            set_timer();
        } else {
            csr_clear!("mie", MIE_MTIE);
        }
    } else {
        panic!("unexpected trap: mcause={:#x} mepc={:#x}", cause, csr_read!("mepc"));
    }
}

#[no_mangle]
extern "C" fn kmain() -> ! {
    println!();
    println!("Hello from Rust! (no_std, built with Debian's rustc and rust-src)");
    println!("[boot] hart {} in M-mode, misa = {:#x}", csr_read!("mhartid"), csr_read!("misa"));
    set_timer();
    csr_set!("mie", MIE_MTIE);
    csr_set!("mstatus", MSTATUS_MIE);
    while TICKS_SEEN.load(Ordering::Relaxed) < TICKS {
        unsafe { asm!("wfi") };
    }
    println!("[kernel] {} timer interrupts: powering off", TICKS);
    power_off(false);
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    println!("panic: {}", info);
    power_off(true);
}
