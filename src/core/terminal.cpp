#include "core/terminal.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <initializer_list>

namespace microvm {
namespace {

// Plain globals because signal handlers read them.
volatile sig_atomic_t g_raw = 0;
int g_fd = -1;
termios g_saved;

void on_crash_signal(int sig) {
  restore_terminal();
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void restore_terminal() {
  if (g_raw) {
    tcsetattr(g_fd, TCSANOW, &g_saved);
    g_raw = 0;
  }
}

RawTerminal::RawTerminal(int fd) {
  if (!isatty(fd) || tcgetattr(fd, &g_saved) != 0) return;
  g_fd = fd;
  termios raw = g_saved;
  // Like cfmakeraw, but keep output post-processing so the guest's "\n" still returns the carriage.
  raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  raw.c_cflag &= ~(CSIZE | PARENB);
  raw.c_cflag |= CS8;
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr(fd, TCSANOW, &raw) != 0) return;
  g_raw = 1;
  active_ = true;
  static bool hooks_installed = false;
  if (!hooks_installed) {
    hooks_installed = true;
    std::atexit(restore_terminal);
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) signal(sig, on_crash_signal);
  }
}

RawTerminal::~RawTerminal() {
  if (active_) restore_terminal();
}

}  // namespace microvm
