// A raw disk image on the host: opened once, locked against a second writer, read and written
// with preadv/pwritev straight between the file and guest memory.
//
// Writes reach the host kernel before the request completes, so they survive the emulator
// being killed; flush() (the guest's FLUSH) makes them survive a host crash too.
// Thread-safe: positioned I/O needs no shared file offset.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace microvm {

class DiskImage {
 public:
  static constexpr uint64_t kSectorSize = 512;

  // Opens and locks `path` (a shared lock when read-only, an exclusive one otherwise, so two
  // emulators never write one image). Any problem is a UserError that names the file.
  static std::unique_ptr<DiskImage> open(const std::string& path, bool read_only);
  virtual ~DiskImage();
  DiskImage(const DiskImage&) = delete;
  DiskImage& operator=(const DiskImage&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }
  uint64_t size() const { return size_; }  // bytes
  uint64_t sectors() const { return size_ / kSectorSize; }

  // Each transfers everything or returns false (errno tells why).
  virtual bool readv(uint64_t offset, std::vector<iovec> iov);
  virtual bool writev(uint64_t offset, std::vector<iovec> iov);
  virtual bool flush();
  // Deallocates the range when the file system can (reads then give zeros); a no-op elsewhere.
  virtual bool discard(uint64_t offset, uint64_t len);
  // Zeros the range, deallocating it when `may_unmap` allows and the file system can.
  virtual bool write_zeroes(uint64_t offset, uint64_t len, bool may_unmap);

 protected:
  // For tests that substitute failing I/O: takes ownership of `fd`.
  DiskImage(int fd, std::string path, bool read_only, uint64_t size);
  // The host calls under readv/writev, which resume after a short transfer; a test overrides them
  // to transfer less than asked or to fail part-way through a request.
  virtual ssize_t host_preadv(const iovec* iov, int count, off_t offset);
  virtual ssize_t host_pwritev(const iovec* iov, int count, off_t offset);
  int fd() const { return fd_; }

 private:
  int fd_;
  std::string path_;
  bool read_only_;
  uint64_t size_;
};

}  // namespace microvm
