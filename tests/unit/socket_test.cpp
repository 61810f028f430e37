// unix: listeners appear at their path only once they listen (bound under PATH~, then renamed),
// replace a socket an earlier run left there, and refuse a path that is not a socket.
#include "core/socket.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"

namespace microvm {
namespace {

class SocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = (std::filesystem::temp_directory_path() / "microvm-socket-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(name.data()), nullptr);
    dir_ = name;
    path_ = dir_ + "/s";
  }
  void TearDown() override {
    unlink(path_.c_str());
    unlink((path_ + "~").c_str());
    rmdir(dir_.c_str());
  }
  static bool is_socket(const std::string& path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
  }
  // True when a client connects (the listener is there and listening).
  bool connects() const {
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
  }
  std::string dir_, path_;
};

TEST_F(SocketTest, ListensAtThePathWithNothingLeftBeside) {
  const int fd = open_listener("unix:" + path_, "--monitor");
  EXPECT_TRUE(is_socket(path_));
  EXPECT_FALSE(is_socket(path_ + "~"));
  struct stat st;
  ASSERT_EQ(lstat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(connects());
  close_listener(fd, "unix:" + path_);
  EXPECT_FALSE(is_socket(path_));
}

TEST_F(SocketTest, ReplacesSocketsAnEarlierRunLeft) {
  // Two listeners closed without removing their files: one at the path, one at the staging name.
  for (const std::string& left : {path_, path_ + "~"}) {
    const int old = open_listener("unix:" + left, "--monitor");
    close(old);
  }
  ASSERT_TRUE(is_socket(path_));
  EXPECT_FALSE(connects());  // nobody listens on the old one
  const int fd = open_listener("unix:" + path_, "--monitor");
  EXPECT_TRUE(connects());
  EXPECT_FALSE(is_socket(path_ + "~"));
  close_listener(fd, "unix:" + path_);
}

TEST_F(SocketTest, RefusesAPathThatIsNotASocket) {
  std::ofstream(path_) << "a user's file\n";
  EXPECT_THROW(open_listener("unix:" + path_, "--gdb"), UserError);
  std::ifstream in(path_);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "a user's file");  // left as it was
}

TEST_F(SocketTest, RefusesAPathTooLongForTheStagingName) {
  // sun_path holds 108 bytes with the NUL: a 107-character path has no room for the '~'.
  EXPECT_THROW(open_listener("unix:/tmp/" + std::string(102, 'x'), "--gdb"), UserError);
}

}  // namespace
}  // namespace microvm
