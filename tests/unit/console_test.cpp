// The console's input thread and the callbacks the machine registers with it.
#include "core/console.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>

namespace microvm {
namespace {

// A monitor command can wait for the thread that starts the machine (`info` waits for the harts
// to pause, and that thread starts them): registering the other callbacks meanwhile must not wait
// for the command. Before the monitor had its own mutex, on_snapshot() here waited for the
// command, which waited for it: e2e.monitor hung when `info harts` was typed early enough.
TEST(Console, AWaitingMonitorCommandDoesNotBlockTheOtherCallbacks) {
  int in[2], out[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  std::promise<void> entered_promise, registered_promise;
  std::future<void> entered = entered_promise.get_future(), registered = registered_promise.get_future();
  std::atomic<bool> waited_for_registration{false};
  {
    Console console(in[0], out[1]);
    console.on_monitor([&](const std::string&) {
      entered_promise.set_value();
      waited_for_registration = registered.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
      return std::string("done\n");
    });
    console.start_input();
    const char typed[] =
        "\x01"
        "cinfo harts\n";
    ASSERT_EQ(write(in[1], typed, sizeof typed - 1), static_cast<ssize_t>(sizeof typed - 1));
    ASSERT_EQ(entered.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    console.on_snapshot([] {});
    console.on_quit([] {});
    registered_promise.set_value();
    close(in[1]);
    console.stop_input();
  }
  EXPECT_TRUE(waited_for_registration);
  close(in[0]);
  close(out[0]);
  close(out[1]);
}

}  // namespace
}  // namespace microvm
