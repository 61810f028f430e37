// The host folder behind a --share, with every lookup confined beneath it.
//
// Paths are relative to the folder: "" is the folder itself, "a/b" a file two levels down. The
// 9P server builds them only from names valid_name() accepted, so they never hold "..", "." or
// an empty component; opening checks that again. No symlink is ever followed, neither on the way
// nor at the end: the guest reads a symlink (readlink) and resolves it in its own namespace, so a
// link pointing outside the folder (or an absolute one) leads nowhere on the host.
//
// Opening uses openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the host kernel has it
// (Linux 5.6 and later), else walks the path one component at a time with O_NOFOLLOW.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace microvm::devices {

class ShareFolder {
 public:
  // Opens the folder; throws a UserError when it is not a readable directory.
  ShareFolder(const std::string& path, bool read_only);
  ~ShareFolder();
  ShareFolder(const ShareFolder&) = delete;
  ShareFolder& operator=(const ShareFolder&) = delete;

  bool read_only() const { return read_only_; }
  const std::string& host_path() const { return host_path_; }

  // A name one directory entry may have: not empty, ".", "..", and without '/' or NUL.
  static bool valid_name(std::string_view name);
  // Whether every component of `path` is a valid name ("" is the folder itself).
  static bool valid_path(std::string_view path);
  // `dir` + "/" + `name` (just `name` when dir is the folder itself).
  static std::string join(const std::string& dir, std::string_view name);

  // Opens `path` beneath the folder without following symlinks; returns the fd or -errno.
  // O_CLOEXEC and O_NOFOLLOW are always added.
  int open(const std::string& path, int flags, mode_t mode = 0) const;
  // Opens the directory that holds `path` (O_PATH) and sets `name` to its last component, for
  // the *at() calls; for the folder itself that is the folder and ".". Returns the fd or -errno.
  int open_parent(const std::string& path, std::string& name) const;

  // For tests: walk component by component even where openat2 works.
  static void force_component_walk(bool on);
  // Whether opens currently go through openat2 (false after it failed with ENOSYS).
  static bool uses_openat2();

 private:
  int open_walk(const std::string& path, int flags, mode_t mode) const;

  std::string host_path_;
  bool read_only_;
  int root_ = -1;
};

}  // namespace microvm::devices
