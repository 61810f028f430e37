// --snapshot-disks' overlay: writes land in the overlay file, reads mix overlay and image sector
// by sector, and the image itself never changes.
#include "core/overlay_disk.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace microvm {
namespace {

class OverlayDiskTest : public ::testing::Test {
 protected:
  OverlayDiskTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "overlay_testXXXXXX").string();
    const int fd = mkstemp(pattern.data());
    EXPECT_GE(fd, 0);
    image = pattern;
    for (size_t i = 0; i < original.size(); ++i) original[i] = static_cast<char>(i * 7 + i / 512);
    EXPECT_EQ(::write(fd, original.data(), original.size()), static_cast<ssize_t>(original.size()));
    close(fd);
    overlay = image + ".overlay";
  }
  ~OverlayDiskTest() override {
    std::remove(image.c_str());
    std::remove(overlay.c_str());
  }
  std::string read_image() {
    std::ifstream in(image, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::string original = std::string(8 * 512, '\0');
  std::string image, overlay;
};

TEST_F(OverlayDiskTest, WritesStayInTheOverlay) {
  auto disk = OverlayDisk::open(image, overlay);
  EXPECT_EQ(disk->size(), 8u * 512);
  EXPECT_FALSE(disk->read_only());
  std::string ones(2 * 512, '\x11');
  ASSERT_TRUE(disk->writev(2 * 512, {{ones.data(), ones.size()}}));
  ASSERT_TRUE(disk->write_zeroes(6 * 512, 512, false));

  // One read across image, overlay, image, overlay (zeros), image; split over two buffers.
  std::string a(3 * 512 + 100, '?'), b(5 * 512 - 100, '?');
  ASSERT_TRUE(disk->readv(0, {{a.data(), a.size()}, {b.data(), b.size()}}));
  const std::string got = a + b;
  std::string want = original;
  want.replace(2 * 512, 2 * 512, ones);
  want.replace(6 * 512, 512, std::string(512, '\0'));
  EXPECT_EQ(got, want);
  EXPECT_EQ(read_image(), original);
  disk.reset();
  EXPECT_EQ(read_image(), original);

  // A new overlay starts from the image again.
  auto again = OverlayDisk::open(image, overlay);
  std::string all(8 * 512, '?');
  ASSERT_TRUE(again->readv(0, {{all.data(), all.size()}}));
  EXPECT_EQ(all, original);
}

TEST_F(OverlayDiskTest, PartialSectorsAreRefused) {
  auto disk = OverlayDisk::open(image, overlay);
  char byte = 1;
  EXPECT_FALSE(disk->writev(10, {{&byte, 1}}));
  EXPECT_FALSE(disk->readv(8 * 512, {{&byte, 1}}));
}

}  // namespace
}  // namespace microvm
