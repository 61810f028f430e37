// A disk whose writes go to an overlay file instead of its image (--snapshot-disks): the image is
// opened read-only and stays as it was, so a snapshot restored twice starts from the same disk.
// The overlay is a sparse file as large as the disk; a bitmap in memory says which sectors the
// guest wrote, and reads take those from the overlay and the rest from the image.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/disk_image.h"

namespace microvm {

class OverlayDisk : public DiskImage {
 public:
  // Opens `image` read-only and creates (or empties) the overlay file at `overlay_path`.
  static std::unique_ptr<DiskImage> open(const std::string& image, const std::string& overlay_path);

  bool readv(uint64_t offset, std::vector<iovec> iov) override;
  bool writev(uint64_t offset, std::vector<iovec> iov) override;
  bool discard(uint64_t offset, uint64_t len) override;
  bool write_zeroes(uint64_t offset, uint64_t len, bool may_unmap) override;

 private:
  OverlayDisk(std::unique_ptr<DiskImage> base, int overlay_fd);
  bool written(uint64_t sector) const { return written_[sector / 64] >> (sector % 64) & 1; }
  bool mark(uint64_t offset, uint64_t len);

  std::unique_ptr<DiskImage> base_;
  std::vector<uint64_t> written_;
};

}  // namespace microvm
