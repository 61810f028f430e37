#include "core/signals.h"

#include <signal.h>

#include <initializer_list>

namespace microvm {
namespace {
volatile sig_atomic_t g_signal = 0;
void on_signal(int sig) { g_signal = sig; }
}  // namespace

void install_stop_signals() {
  struct sigaction action = {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a closed stdout must not kill the emulator mid-write
}

int stop_signal() { return g_signal; }

}  // namespace microvm
