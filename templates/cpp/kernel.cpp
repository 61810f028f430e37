// cpp-kernel: the C starter kit's kernel in freestanding C++20 (no exceptions, no RTTI, no
// standard library). It runs in M-mode on the virt machine and shows:
//   - a 16550 UART driver and a type-safe print("{} {}", ...) built on a variadic template
//   - global constructors, which the kernel itself must run (.init_array)
//   - machine timer interrupts from the CLINT
//   - Sv39 paging for user mode
//   - three tasks in U-mode under a timer-driven round-robin scheduler
//   - the system calls write, exit, yield and getpid
// then powers the machine off. start.S has the entry and the trap vector.
#include <stddef.h>
#include <stdint.h>

namespace {

// ---- The machine (QEMU virt's memory map) ----
constexpr uintptr_t kUart = 0x10000000, kClintMtimecmp = 0x02004000, kClintMtime = 0x0200BFF8;
constexpr uintptr_t kSyscon = 0x00100000, kRamBase = 0x80000000, kRamEnd = 0x80800000;
constexpr uint64_t kTickInterval = 100000;  // 10 ms at the 10 MHz timebase

template <typename T>
T mmio_read(uintptr_t address) {
  return *reinterpret_cast<volatile T*>(address);
}
template <typename T>
void mmio_write(uintptr_t address, T value) {
  *reinterpret_cast<volatile T*>(address) = value;
}

#define CSR_READ(name) ({ uint64_t v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define CSR_WRITE(name, v) asm volatile("csrw " #name ", %0" ::"r"(static_cast<uint64_t>(v)))

// ---- Output: a sink is anything with put(char); print() formats "{}" placeholders ----
struct UartSink {
  void put(char c) {
    while (!(mmio_read<uint8_t>(kUart + 5) & 0x20)) {  // LSR: transmit holding register empty
    }
    mmio_write<uint8_t>(kUart, static_cast<uint8_t>(c));
  }
};

struct BufferSink {
  char* buf;
  size_t len = 0, cap;
  void put(char c) {
    if (len < cap) buf[len++] = c;
  }
};

// One argument of print(), whatever its type: a number, a string or a pointer.
struct Arg {
  enum class Kind { kSigned, kUnsigned, kString, kPointer } kind;
  uint64_t value = 0;
  const char* text = nullptr;
  constexpr Arg(int v) : kind(Kind::kSigned), value(static_cast<uint64_t>(v)) {}
  constexpr Arg(long v) : kind(Kind::kSigned), value(static_cast<uint64_t>(v)) {}
  constexpr Arg(unsigned v) : kind(Kind::kUnsigned), value(v) {}
  constexpr Arg(unsigned long v) : kind(Kind::kUnsigned), value(v) {}
  constexpr Arg(const char* s) : kind(Kind::kString), text(s) {}
  Arg(const void* p) : kind(Kind::kPointer), value(reinterpret_cast<uintptr_t>(p)) {}
};

template <typename Sink>
void put_number(Sink& sink, uint64_t v, unsigned base) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (n) sink.put(digits[--n]);
}

template <typename Sink>
void vprint(Sink& sink, const char* format, const Arg* args, size_t count) {
  size_t next = 0;
  for (const char* f = format; *f; ++f) {
    if (f[0] != '{' || f[1] != '}' || next == count) {
      sink.put(*f);
      continue;
    }
    ++f;
    const Arg& a = args[next++];
    switch (a.kind) {
      case Arg::Kind::kSigned:
        if (static_cast<int64_t>(a.value) < 0) {
          sink.put('-');
          put_number(sink, -a.value, 10);
        } else {
          put_number(sink, a.value, 10);
        }
        break;
      case Arg::Kind::kUnsigned: put_number(sink, a.value, 10); break;
      case Arg::Kind::kString:
        for (const char* s = a.text; *s; ++s) sink.put(*s);
        break;
      case Arg::Kind::kPointer:
        sink.put('0'), sink.put('x');
        put_number(sink, a.value, 16);
        break;
    }
  }
}

template <typename Sink, typename... Args>
void print_to(Sink& sink, const char* format, Args... args) {
  const Arg list[] = {Arg(args)..., Arg(0)};  // the extra element keeps the array non-empty
  vprint(sink, format, list, sizeof...(Args));
}

template <typename... Args>
void print(const char* format, Args... args) {
  UartSink uart;
  print_to(uart, format, args...);
}

[[noreturn]] void power_off(bool failed) {
  mmio_write<uint32_t>(kSyscon, failed ? 0x13333 : 0x5555);  // sifive,test: fail with code 1, or pass
  for (;;) asm volatile("wfi");
}

// ---- Global constructors: run by run_constructors() from __init_array ----
struct BootLog {
  int constructed = 0;
  BootLog() { constructed++; }  // not constexpr: the compiler emits a dynamic initializer
};
BootLog boot_log;

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

void run_constructors() {
  for (void (**ctor)() = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();
}

// ---- Physical pages ----
extern "C" char __kernel_end[];

class PageAllocator {
 public:
  void init(uintptr_t start, uintptr_t end) {
    next_ = start;
    end_ = end;
  }
  uint64_t* alloc() {
    if (next_ >= end_) {
      print("[mm] out of memory\n");
      power_off(true);
    }
    auto* page = reinterpret_cast<uint64_t*>(next_);
    next_ += 4096;
    for (int i = 0; i < 512; i++) page[i] = 0;
    return page;
  }
  uintptr_t next() const { return next_; }

 private:
  uintptr_t next_ = 0, end_ = 0;
};
PageAllocator pages;

// ---- Sv39 paging ----
// Tasks run in U-mode with translation on; the kernel runs in M-mode, where addresses are
// physical. One identity map of 2 MiB megapages covers the 8 MiB the kernel manages; the U bit
// lets tasks run the (shared) code in it.
namespace pte {
constexpr uint64_t V = 0x01, R = 0x02, W = 0x04, X = 0x08, U = 0x10, A = 0x40, D = 0x80;
}

uint64_t setup_paging() {
  uint64_t* root = pages.alloc();
  uint64_t* level1 = pages.alloc();
  root[(kRamBase >> 30) & 0x1FF] = (reinterpret_cast<uintptr_t>(level1) >> 12) << 10 | pte::V;
  for (uintptr_t pa = kRamBase; pa < kRamEnd; pa += 0x200000)
    level1[(pa >> 21) & 0x1FF] = (pa >> 12) << 10 | pte::V | pte::R | pte::W | pte::X | pte::U | pte::A | pte::D;
  return (8UL << 60) | (reinterpret_cast<uintptr_t>(root) >> 12);  // MODE = Sv39
}

// ---- Tasks and the scheduler ----
struct Frame {
  uint64_t x[31];  // x1..x31, as start.S saves them
  uint64_t mepc;
};

struct Task {
  enum class State { kUnused, kRunnable, kExited };
  Frame frame{};
  int pid = 0;
  State state = State::kUnused;
  const char* name = nullptr;
};

class Scheduler {
 public:
  static constexpr int kTasks = 3;

  void create(const char* name, void (*entry)()) {
    for (int i = 0; i < kTasks; i++) {
      Task& t = tasks_[i];
      if (t.state != Task::State::kUnused) continue;
      t = Task{};
      t.pid = i + 1;
      t.name = name;
      t.state = Task::State::kRunnable;
      t.frame.mepc = reinterpret_cast<uintptr_t>(entry);
      t.frame.x[1] = reinterpret_cast<uintptr_t>(pages.alloc()) + 4096;  // x2 = sp
      print("[sched] created task {}: '{}'\n", t.pid, name);
      return;
    }
  }

  // Round robin: the next runnable task after the current one.
  Frame* next() {
    for (int n = 1; n <= kTasks; n++) {
      const int i = (current_ + n) % kTasks;
      if (tasks_[i].state == Task::State::kRunnable) {
        if (i != current_ || tasks_[current_].state != Task::State::kRunnable) switches = switches + 1;
        current_ = i;
        return &tasks_[i].frame;
      }
    }
    print("\n[kernel] all tasks exited after {} context switches; powering off\n", switches);
    power_off(false);
  }

  Task& current() { return tasks_[current_]; }
  Frame* first() { return &tasks_[current_ = 0].frame; }
  volatile int switches = 0;  // tasks read it to show the scheduler at work

 private:
  Task tasks_[kTasks];
  int current_ = 0;
};
Scheduler scheduler;

void set_timer() { mmio_write<uint64_t>(kClintMtimecmp, mmio_read<uint64_t>(kClintMtime) + kTickInterval); }

enum Syscall : uint64_t { kWrite = 64, kExit = 93, kYield = 124, kGetpid = 172 };

// ---- User space: the tasks, and their side of the system calls ----
long syscall(uint64_t n, long a0 = 0, long a1 = 0, long a2 = 0) {
  register long r0 asm("a0") = a0;
  register long r1 asm("a1") = a1;
  register long r2 asm("a2") = a2;
  register uint64_t r7 asm("a7") = n;
  asm volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
  return r0;
}

template <typename... Args>
void uprint(const char* format, Args... args) {
  char buf[128];
  BufferSink sink{buf, 0, sizeof buf};
  print_to(sink, format, args...);
  syscall(kWrite, 1, reinterpret_cast<long>(buf), static_cast<long>(sink.len));
}

void task_a() {
  for (int i = 0; i < 3; i++) {
    uprint("[Task A] Hello! tick={}, pid={}, iteration={}\n", static_cast<int>(scheduler.switches),
           static_cast<int>(syscall(kGetpid)), i);
    syscall(kYield);
  }
  syscall(kExit);
}

void task_b() {
  for (int i = 0; i < 3; i++) {
    uprint("[Task B] World! tick={}, pid={}, iteration={}\n", static_cast<int>(scheduler.switches),
           static_cast<int>(syscall(kGetpid)), i);
    syscall(kYield);
  }
  syscall(kExit);
}

// Never yields: only the timer interrupt takes the CPU away from it.
void task_c() {
  static const char msg[] = "[Task C] Written via syscall!\n";
  syscall(kWrite, 1, reinterpret_cast<long>(msg), sizeof msg - 1);
  volatile uint64_t sum = 0;
  for (uint64_t i = 0; i < 3000000; i++) sum = sum + i;
  uprint("[Task C] sum={}, computed while the timer preempted me\n", static_cast<unsigned long>(sum));
  syscall(kExit);
}

}  // namespace

// The compiler may call these for a struct copy or a large zero-fill, even in freestanding code.
extern "C" void* memset(void* dest, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  for (size_t i = 0; i < n; i++) d[i] = static_cast<unsigned char>(c);
  return dest;
}
extern "C" void* memcpy(void* dest, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  const auto* s = static_cast<const unsigned char*>(src);
  for (size_t i = 0; i < n; i++) d[i] = s[i];
  return dest;
}

// ---- Traps and system calls (start.S calls trap with the interrupted task's frame) ----
extern "C" Frame* trap(Frame* f) {
  const uint64_t cause = CSR_READ(mcause);
  if (cause == ((1UL << 63) | 7)) {  // machine timer interrupt: preempt
    set_timer();
    return scheduler.next();
  }
  if (cause != 8) {  // anything but an ecall from U-mode is a bug
    print("[kernel] unexpected trap: mcause={} mepc={} mtval={}\n", cause, reinterpret_cast<void*>(f->mepc),
          reinterpret_cast<void*>(CSR_READ(mtval)));
    power_off(true);
  }
  f->mepc += 4;            // return past the ecall
  uint64_t* a = &f->x[9];  // a0..a7 are x10..x17
  switch (a[7]) {
    case kWrite: {  // write(fd, buf, len): the kernel reads user memory directly
      const char* buf = reinterpret_cast<const char*>(a[1]);
      UartSink uart;
      for (uint64_t i = 0; i < a[2]; i++) uart.put(buf[i]);
      a[0] = a[2];
      return f;
    }
    case kExit: scheduler.current().state = Task::State::kExited; return scheduler.next();
    case kYield: return scheduler.next();
    case kGetpid: a[0] = static_cast<uint64_t>(scheduler.current().pid); return f;
    default: a[0] = static_cast<uint64_t>(-38); return f;  // -ENOSYS
  }
}

extern "C" [[noreturn]] void trap_return(Frame*);

extern "C" void kmain() {
  run_constructors();  // nobody else will: there is no C++ runtime below us
  print("\n  +---------------------------------------+\n");
  print("  |   cpp-kernel on RISC-V (microvm)      |\n");
  print("  |   Hello from my C++ OS!               |\n");
  print("  +---------------------------------------+\n\n");
  print("[c++] global constructors ran: boot_log.constructed = {}\n", boot_log.constructed);

  pages.init(reinterpret_cast<uintptr_t>(__kernel_end), kRamEnd);
  print("[mm] heap: {} - {} ({} pages)\n", reinterpret_cast<void*>(pages.next()), reinterpret_cast<void*>(kRamEnd),
        static_cast<int>((kRamEnd - pages.next()) / 4096));
  const uint64_t satp = setup_paging();
  print("[mm] enabling Sv39 paging\n");
  CSR_WRITE(satp, satp);
  asm volatile("sfence.vma");

  // PMP: without an entry that matches, U-mode may touch no memory at all. Allow everything.
  CSR_WRITE(pmpaddr0, ~0UL >> 10);
  CSR_WRITE(pmpcfg0, 0x1F);  // NAPOT, R, W, X

  scheduler.create("Task A", task_a);
  scheduler.create("Task B", task_b);
  scheduler.create("Task C", task_c);

  print("[kernel] starting scheduler...\n\n");
  set_timer();
  CSR_WRITE(mie, 1UL << 7);  // MTIE
  // mret into the first task: MPP = U (0), MPIE = 1 so interrupts are on in U-mode.
  CSR_WRITE(mstatus, (CSR_READ(mstatus) & ~(3UL << 11)) | (1UL << 7));
  trap_return(scheduler.first());
}
