// Whole files read for the machine: a kernel or initrd onto huge pages, with read_file's checks.
#include "core/file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace microvm {
namespace {

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = (std::filesystem::temp_directory_path() / "microvm-file-test-XXXXXX").string();
    const int fd = mkstemp(name.data());
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = name;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void write(const std::vector<uint8_t>& bytes) {
    FILE* f = std::fopen(path_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
    std::fclose(f);
  }
  std::string path_;
};

// More than one huge page and not a multiple of one: every byte as in the file, nothing after.
TEST_F(FileTest, ALargeFileReadsBackByteForByte) {
  std::vector<uint8_t> bytes((3u << 20) + 5);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + (i >> 12));
  write(bytes);
  const FileBytes file = read_large_file(path_);
  ASSERT_EQ(file.bytes().size(), bytes.size());
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), file.bytes().begin()));
  EXPECT_EQ(read_file(path_), bytes);
}

TEST_F(FileTest, AnEmptyFileIsEmpty) {
  EXPECT_TRUE(read_large_file(path_).empty());
  EXPECT_TRUE(read_large_file(path_).bytes().empty());
}

// The size is checked before anything is read, with the limit in the message.
TEST_F(FileTest, AFileLargerThanTheLimitIsAUserErrorSayingSo) {
  write(std::vector<uint8_t>((2u << 20) + 1, 0xAB));
  try {
    read_large_file(path_, 2u << 20);
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), path_ + ": 2097153 bytes is larger than the machine's 2 MiB of RAM");
  }
}

TEST_F(FileTest, AMissingFileOrADirectoryIsAUserErrorNamingIt) {
  try {
    read_large_file(path_ + ".missing");
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot open " + path_ + ".missing: No such file or directory");
  }
  try {
    read_large_file("/tmp");
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read /tmp: not a regular file");
  }
}

}  // namespace
}  // namespace microvm
