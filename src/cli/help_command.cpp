#include "cli/help_command.h"

#include <fmt/format.h>

#include <memory>

#include "core/error.h"

namespace microvm::cli {

// Every --option a topic names must exist (tests/e2e/test_help_topics.py checks it against --help),
// so a topic cannot go on describing an option that was renamed or removed.
const std::vector<HelpTopic>& help_topics() {
  static const std::vector<HelpTopic> topics = {
      {"machines", "the two guest machines and what they have",
       R"(There are two machines.

riscv (microvm run): an RV64GC machine compatible with QEMU's `virt` board, 1 to 64 harts
(--cpus), 128 MiB of RAM by default (--memory). Where things are, as on QEMU:
  0x0000_1000  boot ROM (the reset vector jumps to the firmware or kernel)
  0x0010_0000  test finisher (write 0x5555: power off, 0x7777: reset, code<<16|0x3333: fail)
  0x0010_1000  goldfish RTC                         (PLIC source 11)
  0x0200_0000  CLINT: msip, mtimecmp, mtime at 10 MHz
  0x0C00_0000  PLIC
  0x1000_0000  16550 UART                           (PLIC source 10)
  0x1000_1000  virtio-mmio slot i at + i * 0x1000   (PLIC source 1 + i): disks from slot 0,
               then shares, the tablet in slot 3, the keyboard in 4, the network card in 5,
               the console in 6, the entropy source in 7
  0x8000_0000  RAM
The extensions are listed by `microvm run --cpu rv64,...` names; leave one out with name=off.
`microvm dts` prints the device tree a kernel is given.

lamp (microvm lamp): the LampVM "Polaris" 32-bit SMP machine with its own instruction set,
binary-compatible with the original: `microvm lamp --bin FILE --smp N`, `microvm lamp-asm`,
`microvm lamp-disasm`, and `lampvm` with the original's command line.)"},
      {"boot", "how a kernel starts: M-mode, S-mode, firmware, Linux",
       R"(microvm run --kernel FILE picks how to start it from what FILE is:
  an ELF          loaded at its addresses; it starts at its entry point
  a Linux Image   recognised by its header; booted in S-mode through the built-in SBI
  anything else   a raw binary, loaded at --load-addr (default 0x8000_0000)
--bios chooses the firmware:
  none      the kernel starts in M-mode at reset, as `qemu -bios none` (bare-metal kernels)
  builtin   microvm's own SBI runs in M-mode; the kernel starts in S-mode at 0x8020_0000
            with a0 = hart id and a1 = the device tree, as OpenSBI starts it
  FILE      a real firmware such as Debian's OpenSBI (fw_dynamic.bin), which then starts the kernel
  auto      builtin for a Linux Image, none for everything else (the default)
Linux: microvm run -k Image --initrd initramfs.cpio.gz --append "console=ttyS0"
The device tree is microvm's own unless --dtb gives one. --example minimal-kernel boots the
built-in example without any file.
Stopping: the guest powers off through the test finisher, SBI SRST or the syscon; the exit status
is the guest's code. --timeout-secs and --max-insns stop it from outside (exit 124 and 125).)"},
      {"devices", "disks, network, console, entropy, screen, keyboard and tablet",
       R"(--disk FILE[,ro]     a virtio-blk disk (repeat for up to 5, fewer beside the keyboard and
                     tablet: see --share); writes go to FILE, and a disk opened ,ro stays
                     read-only whatever the guest does
--share DIR[,tag=NAME][,ro]  a host folder over virtio-9p (9P2000.L), in the slots after the
                     disks (disks + shares <= 5; 4 with a keyboard, 3 with a tablet or a
                     screen); Linux: mount -t 9p -o trans=virtio NAME /mnt (NAME defaults to
                     share); nothing outside DIR is reachable (docs/sharing.md)
--net user           a virtio-net card on a user-mode network: DHCP gives 10.0.2.15, the host
                     is 10.0.2.2, DNS 10.0.2.3; add ,hostfwd=tcp::HOSTPORT-:GUESTPORT to reach a
                     guest port from the host (it listens on 127.0.0.1)
--mac ADDRESS        the card's MAC address
--stdin uart|virtio  which console reads the keyboard: the UART (ttyS0) or the virtio-console
                     (Linux's hvc1); auto follows the kernel command line's console=
--virtio-legacy      version-1 (legacy) virtio-mmio transports, as QEMU's force-legacy=on
--display sdl        a screen: an 800x600 simple-framebuffer (32-bit a8r8g8b8 pixels) in the top
                     2 MiB of RAM, reserved in the device tree, shown in a window, with a
                     virtio-input keyboard (slot 4) and tablet (slot 3), which leave room for 3
                     disks and shares; keys typed into the window go to the keyboard once the
                     guest drives it, to the console before; the mouse drives the tablet
--screenshot FILE    a screen too, saved as a PNG when the run ends (works without a display)
--keyboard           the virtio-input keyboard without a screen (monitor: sendkey ctrl-c)
--tablet             the virtio-input tablet without a screen (monitor: mouse_move 400 300,
                     mouse_button 1)
Linux drives the screen with simplefb and fbcon (console=tty0) and the keyboard and tablet with
virtio_input (/dev/input/event*); docs/screen.md has the details.
There is always a virtio entropy source and a virtio console. On a terminal, Ctrl-A x quits,
Ctrl-A c opens the monitor, Ctrl-A s saves a snapshot, Ctrl-A p saves the screen, Ctrl-A h lists
the rest.)"},
      {"debugging", "GDB, the monitor, the disassembler",
       R"(--gdb PORT | --gdb unix:PATH   serve the GDB remote protocol (localhost only); every hart is
                               a GDB thread. Add --gdb-wait to start stopped:
    microvm run -k kernel.elf --gdb 1234 --gdb-wait
    gdb-multiarch kernel.elf -ex "target remote :1234"
  Ctrl-C stops every hart; memory is read through the page tables of the hart GDB looks at,
  and an address they do not map is read as a physical address.
Ctrl-A c, or --monitor unix:PATH: the monitor. `help` lists its commands: info harts|regs|
  csrs|tlb|mem|devices, x and xp (examine memory), disasm, walk VA (a page-table walk),
  stop, cont, step, break, trace on|off, quit.
microvm disasm FILE: the disassembly objdump -d prints, for ELF files and raw binaries.
--deterministic: the harts take turns on one thread and time follows instructions, so a run
  repeats exactly (with the same input); use it to chase a race.
See docs/debugging.md for the walk-through.)"},
      {"snapshots", "save a running machine and resume it",
       R"(--save-snapshot FILE       save the machine to FILE when the run is stopped (Ctrl-A x,
                           --timeout-secs, --max-insns, a signal) and on Ctrl-A s
--save-snapshot-at N       stop once hart 0 has run N instructions, save, and exit
--load-snapshot FILE       resume the saved machine instead of booting: memory, harts, devices
                           and disk paths come from the snapshot, so --kernel, --memory, --disk
                           and the like are refused beside it
--snapshot-disks           with --load-snapshot: disk writes go to FILE.diskN.overlay, so the
                           images stay as the snapshot found them
microvm inspect FILE       what a snapshot holds: machine, harts, devices, RAM, disks, when
A snapshot names the disk images it was taken with and refuses to resume on changed ones.
See docs/snapshots.md.)"},
      {"testing", "projects, starter kits and microvm test",
       R"(microvm init DIR --template c|cpp|rust|sbi|lamp   a new kernel project from a starter kit
microvm build [DIR]                                 build it with Debian's cross tools
microvm test SPEC.toml...                           boot kernels and judge their console:
  expect = ["re:..."] in order, forbid = [...], exit = N, timeout = S, input = [...]
  --cpus 1,2,4 and --repeat N expand a matrix, -j N runs kernels in parallel,
  --junit FILE writes JUnit XML, --shard K/N runs every N-th run from the K-th so N machines
  share a class's submissions.
See docs/playground.md and the tutorials in docs/tutorials.)"},
  };
  return topics;
}

void add_help_command(CLI::App& app, std::function<int()>& action) {
  auto topic = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("help",
                                     "Longer help on a topic: machines, boot, devices, debugging, "
                                     "snapshots, testing");
  cmd->add_option("topic", *topic, "The topic (none: list them)");
  cmd->callback([topic, &action] {
    action = [topic] {
      std::string names;
      for (const HelpTopic& t : help_topics()) {
        if (t.name == *topic) {
          fmt::print("{}\n", t.text);
          return 0;
        }
        names += (names.empty() ? "" : ", ") + std::string(t.name);
      }
      if (!topic->empty()) throw user_error("help {}: no such topic (topics: {})", *topic, names);
      fmt::print("microvm help TOPIC, where TOPIC is one of:\n");
      for (const HelpTopic& t : help_topics()) fmt::print("  {:<10} {}\n", t.name, t.summary);
      fmt::print("Each command's options: microvm COMMAND --help\n");
      return 0;
    };
  });
}

}  // namespace microvm::cli
