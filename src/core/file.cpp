#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "core/error.h"

namespace microvm {
namespace {

// An open regular file no larger than `max_size`, closed when this goes.
class OpenFile {
 public:
  OpenFile(const std::string& path, uint64_t max_size) : path_(path) {
    fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw user_error("cannot open {}: {}", path, std::strerror(errno));
    struct stat st;
    if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd_);
      throw user_error("cannot read {}: not a regular file", path);
    }
    if (static_cast<uint64_t>(st.st_size) > max_size) {
      close(fd_);
      throw user_error("{}: {} bytes is larger than the machine's {} MiB of RAM", path, st.st_size,
                       max_size >> 20);
    }
    size_ = static_cast<size_t>(st.st_size);
  }
  ~OpenFile() { close(fd_); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  size_t size() const { return size_; }

  // All size() bytes into `to`.
  void read_all(uint8_t* to) const {
    size_t done = 0;
    while (done < size_) {
      const ssize_t n = read(fd_, to + done, size_ - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw user_error("cannot read {}: {}", path_, std::strerror(n < 0 ? errno : EIO));
      done += static_cast<size_t>(n);
    }
  }

 private:
  const std::string& path_;
  int fd_ = -1;
  size_t size_ = 0;
};

}  // namespace

std::vector<uint8_t> read_file(const std::string& path, uint64_t max_size) {
  const OpenFile file(path, max_size);
  std::vector<uint8_t> bytes(file.size());
  file.read_all(bytes.data());
  return bytes;
}

FileBytes read_large_file(const std::string& path, uint64_t max_size) {
  const OpenFile file(path, max_size);
  FileBytes result;
  if (file.size() == 0) return result;
  result.memory_ = std::make_unique<HugePages>(file.size());
  if (result.memory_->data() == nullptr) throw user_error("{}: out of host memory to read it into", path);
  file.read_all(result.memory_->data());
  result.size_ = file.size();
  return result;
}

}  // namespace microvm
