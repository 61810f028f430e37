// SIGINT, SIGTERM and SIGHUP stop a run cleanly (terminal restored, disks flushed) instead of
// killing the process where it stands. The run loop polls for them.
#pragma once

namespace microvm {

void install_stop_signals();
// The signal that asked us to stop, or 0.
int stop_signal();

}  // namespace microvm
