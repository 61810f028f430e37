// The console: its input thread, the callbacks the machine registers with it, and held output.
#include "core/console.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <string_view>

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

// What the pipe holds now, without waiting.
std::string ready_output(int fd) {
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  std::string text;
  char buffer[256];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<size_t>(n));
  fcntl(fd, F_SETFL, flags);
  return text;
}

class ConsoleOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe(out_), 0);
    console_ = std::make_unique<Console>(-1, out_[1]);
  }
  void TearDown() override {
    console_.reset();
    close(out_[0]);
    close(out_[1]);
  }
  int out_[2] = {-1, -1};
  std::unique_ptr<Console> console_;
};

// A guest writes a byte at a time; each line goes out whole as it ends, before write() returns.
TEST_F(ConsoleOutput, AnEndedLineIsOutWhenItsLastByteIsWritten) {
  for (const char c : std::string_view("[    0.000000] Linux\r\n")) console_->put(static_cast<uint8_t>(c));
  EXPECT_EQ(ready_output(out_[0]), "[    0.000000] Linux\r\n");
  console_->write("two\nlines\n");
  EXPECT_EQ(ready_output(out_[0]), "two\nlines\n");
  EXPECT_TRUE(console_->at_line_start());
}

// A prompt has no line end: flush() writes it at once, and without one it still goes out.
TEST_F(ConsoleOutput, AnUnfinishedLineGoesOutOnFlushOrByItself) {
  console_->write("/ # ");
  EXPECT_FALSE(console_->at_line_start());
  console_->flush();
  EXPECT_EQ(ready_output(out_[0]), "/ # ");
  console_->write("$ ");
  pollfd ready{out_[0], POLLIN, 0};
  ASSERT_EQ(poll(&ready, 1, 10000), 1) << "an unfinished line never went out";
  EXPECT_EQ(ready_output(out_[0]), "$ ");
}

// Bytes keep their order across what is held and what goes out; the console's end writes the rest.
TEST_F(ConsoleOutput, HeldBytesKeepTheirOrderAndTheEndWritesThem) {
  console_->write("ab");
  console_->write("c\nd");
  console_->write("e");
  console_->flush();
  console_->write("f");
  console_.reset();
  EXPECT_EQ(ready_output(out_[0]), "abc\ndef");
}

// A very long line without an end is not held whole.
TEST_F(ConsoleOutput, ALongLineGoesOutInPieces) {
  console_->flush();
  const std::string line(10000, 'x');
  console_->write(line);
  EXPECT_GE(ready_output(out_[0]).size(), 4096u);
}

// Time travel runs again what was printed: the bytes already out are dropped, not written twice.
TEST_F(ConsoleOutput, SkippedOutputIsCountedButNotWritten) {
  console_->write("hello\n");
  console_->skip_output(3);
  console_->write("hello\n");
  EXPECT_EQ(console_->output_count(), 12u);
  EXPECT_EQ(ready_output(out_[0]), "hello\nlo\n");
}

}  // namespace
}  // namespace microvm
