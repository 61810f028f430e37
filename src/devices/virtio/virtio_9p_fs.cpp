#include "devices/virtio/virtio_9p_fs.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace microvm::devices {
namespace {

std::atomic<bool> walk_forced{false};
std::atomic<bool> have_openat2{true};

}  // namespace

ShareFolder::ShareFolder(const std::string& path, bool read_only) : host_path_(path), read_only_(read_only) {
  root_ = ::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_ < 0) {
    throw user_error("--share {}: {}", path, errno == ENOTDIR ? "not a directory" : std::strerror(errno));
  }
}

ShareFolder::~ShareFolder() {
  if (root_ >= 0) ::close(root_);
}

bool ShareFolder::valid_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

bool ShareFolder::valid_path(std::string_view path) {
  if (path.empty()) return true;
  size_t start = 0;
  for (;;) {
    const size_t slash = path.find('/', start);
    if (!valid_name(path.substr(start, slash == std::string_view::npos ? slash : slash - start)))
      return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

std::string ShareFolder::join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

void ShareFolder::force_component_walk(bool on) { walk_forced = on; }

bool ShareFolder::uses_openat2() { return have_openat2 && !walk_forced; }

int ShareFolder::open(const std::string& path, int flags, mode_t mode) const {
  if (!valid_path(path) || path.size() >= PATH_MAX) return -EXDEV;
  flags |= O_CLOEXEC | O_NOFOLLOW;
  if (uses_openat2()) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const char* at = path.empty() ? "." : path.c_str();
    for (int attempt = 0; attempt < 8; ++attempt) {
      const long fd = syscall(SYS_openat2, root_, at, &how, sizeof how);
      if (fd >= 0) return static_cast<int>(fd);
      // EAGAIN: a rename raced the lookup; try again.
      if (errno == EAGAIN) continue;
      if (errno != ENOSYS) return -errno;
      have_openat2 = false;
      break;
    }
    if (have_openat2) return -EAGAIN;
  }
  return open_walk(path, flags, mode);
}

// Without openat2: each directory on the way is opened with O_NOFOLLOW from the one before, so
// a symlink anywhere ends the walk (ELOOP or ENOTDIR), and no component is "..".
int ShareFolder::open_walk(const std::string& path, int flags, mode_t mode) const {
  if (path.empty()) {
    const int fd = ::openat(root_, ".", flags, mode);
    return fd >= 0 ? fd : -errno;
  }
  int dir = root_;
  size_t start = 0;
  for (;;) {
    const size_t slash = path.find('/', start);
    const std::string part = path.substr(start, slash == std::string::npos ? slash : slash - start);
    if (!valid_name(part)) {
      if (dir != root_) ::close(dir);
      return -EXDEV;
    }
    const int next = slash == std::string::npos
                         ? ::openat(dir, part.c_str(), flags, mode)
                         : ::openat(dir, part.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const int error = errno;
    if (dir != root_) ::close(dir);
    if (next < 0) return -error;
    if (slash == std::string::npos) return next;
    dir = next;
    start = slash + 1;
  }
}

int ShareFolder::open_parent(const std::string& path, std::string& name) const {
  const size_t slash = path.rfind('/');
  if (path.empty()) {
    name = ".";
    return open("", O_PATH | O_DIRECTORY);
  }
  if (!valid_path(path)) return -EXDEV;
  name = slash == std::string::npos ? path : path.substr(slash + 1);
  return open(slash == std::string::npos ? std::string() : path.substr(0, slash), O_PATH | O_DIRECTORY);
}

}  // namespace microvm::devices
