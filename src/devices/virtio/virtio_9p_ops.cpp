// The 9P2000.L operations on files: each reads its fields, works through ShareFolder (so on
// nothing outside the folder), and returns 0 with the reply filled in or an errno for Rlerror.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "devices/virtio/virtio_9p.h"
#include "devices/virtio/virtio_9p_msg.h"

namespace microvm::devices {
namespace {

using p9::Message;
using p9::Reply;

// Linux's open flags as 9P2000.L carries them (P9_DOTL_*, the asm-generic values), for the host.
int host_open_flags(uint32_t dotl) {
  int flags = static_cast<int>(dotl & 3);  // O_RDONLY, O_WRONLY, O_RDWR
  if (dotl & 0100) flags |= O_CREAT;
  if (dotl & 0200) flags |= O_EXCL;
  if (dotl & 01000) flags |= O_TRUNC;
  if (dotl & 02000) flags |= O_APPEND;
  if (dotl & 010000) flags |= O_DSYNC;
  if (dotl & 0200000) flags |= O_DIRECTORY;
  if (dotl & 04000000) flags |= O_SYNC;
  return flags;
}

bool writes(uint32_t dotl) { return (dotl & 3) != 0 || (dotl & 01000); }

// Modes the guest sets: permissions and the sticky bit, never set-user/group-ID (the files
// belong to the host user).
mode_t safe_mode(uint32_t mode) { return static_cast<mode_t>(mode & 01777); }

// A descriptor closed when it goes out of scope; holds -errno when opening failed.
struct Fd {
  int fd;
  explicit Fd(int value) : fd(value) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  bool bad() const { return fd < 0; }
  int error() const { return -fd; }
};

// 0 or errno of a call that returns -1 on failure.
int result(int rc) { return rc < 0 ? errno : 0; }

enum : uint32_t {
  kAttrMode = 1,
  kAttrSize = 8,
  kAttrAtime = 0x10,
  kAttrMtime = 0x20,
  kAttrAtimeSet = 0x80,
  kAttrMtimeSet = 0x100,
};
constexpr uint64_t kGetattrBasic = 0x7ff;
constexpr uint32_t kRemoveDir = 0x200;  // Tunlinkat's flag (AT_REMOVEDIR)
constexpr uint32_t kV9fsMagic = 0x01021997;

}  // namespace

int Virtio9p::getattr(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  in.u64();  // request_mask: the basic set is always there
  if (!f) return EBADF;
  struct stat st;
  if (f->fd >= 0) {
    if (fstat(f->fd, &st) != 0) return errno;
  } else if (const int error = stat_path(f->path, st)) {
    return error;
  }
  out.u64(kGetattrBasic);
  out.qid(st);
  out.u32(st.st_mode);
  out.u32(st.st_uid);
  out.u32(st.st_gid);
  out.u64(st.st_nlink);
  out.u64(st.st_rdev);
  out.u64(static_cast<uint64_t>(st.st_size));
  out.u64(static_cast<uint64_t>(st.st_blksize));
  out.u64(static_cast<uint64_t>(st.st_blocks));
  for (const timespec& t : {st.st_atim, st.st_mtim, st.st_ctim}) {
    out.u64(static_cast<uint64_t>(t.tv_sec));
    out.u64(static_cast<uint64_t>(t.tv_nsec));
  }
  for (int i = 0; i < 4; ++i) out.u64(0);  // btime, gen, data_version: not kept
  return 0;
}

int Virtio9p::setattr(Message& in) {
  Fid* f = find(in.u32());
  const uint32_t valid = in.u32(), mode = in.u32();
  in.u32();  // uid and gid: files stay the host user's
  in.u32();
  const uint64_t size = in.u64();
  timespec times[2];
  times[0].tv_sec = static_cast<time_t>(in.u64());
  times[0].tv_nsec = static_cast<long>(in.u64());
  times[1].tv_sec = static_cast<time_t>(in.u64());
  times[1].tv_nsec = static_cast<long>(in.u64());
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  std::string name;
  const Fd dir(folder_.open_parent(f->path, name));
  if (dir.bad()) return dir.error();
  if (valid & kAttrMode) {
    if (const int error = result(fchmodat(dir.fd, name.c_str(), safe_mode(mode), AT_SYMLINK_NOFOLLOW)))
      return error;
  }
  if (valid & kAttrSize) {
    if (size > static_cast<uint64_t>(LLONG_MAX)) return EFBIG;
    const Fd file(folder_.open(f->path, O_WRONLY | O_NONBLOCK));
    if (file.bad()) return file.error();
    if (const int error = result(ftruncate(file.fd, static_cast<off_t>(size)))) return error;
  }
  if (valid & (kAttrAtime | kAttrMtime)) {
    if (!(valid & kAttrAtime))
      times[0].tv_nsec = UTIME_OMIT;
    else if (!(valid & kAttrAtimeSet))
      times[0].tv_nsec = UTIME_NOW;
    if (!(valid & kAttrMtime))
      times[1].tv_nsec = UTIME_OMIT;
    else if (!(valid & kAttrMtimeSet))
      times[1].tv_nsec = UTIME_NOW;
    if (const int error = result(utimensat(dir.fd, name.c_str(), times, AT_SYMLINK_NOFOLLOW))) return error;
  }
  return 0;
}

int Virtio9p::lopen(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  const uint32_t flags = in.u32();
  if (!in.ok()) return EPROTO;
  if (!f || f->fd >= 0 || f->xattr) return EBADF;
  struct stat st;
  if (const int error = stat_path(f->path, st)) return error;
  // Only files and folders: a device node or FIFO in the folder is no way into the host.
  if (S_ISLNK(st.st_mode)) return ELOOP;
  if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return EPERM;
  if (folder_.read_only() && writes(flags)) return EROFS;
  if (static_cast<size_t>(open_count()) >= kMaxOpenFiles) return EMFILE;
  const int host =
      S_ISDIR(st.st_mode) ? O_RDONLY | O_DIRECTORY : host_open_flags(flags) & ~(O_CREAT | O_EXCL);
  const int fd = folder_.open(f->path, host | O_NONBLOCK);
  if (fd < 0) return -fd;
  if (fstat(fd, &st) != 0 || (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) {
    ::close(fd);
    return EPERM;
  }
  f->fd = fd;
  out.qid(st);
  out.u32(0);  // iounit: the guest uses msize
  return 0;
}

int Virtio9p::lcreate(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  const std::string name = in.str();
  const uint32_t flags = in.u32(), mode = in.u32();
  in.u32();  // gid
  if (!in.ok()) return EPROTO;
  if (!f || f->fd >= 0 || f->xattr) return EBADF;
  std::string path;
  if (!child(*f, name, path)) return EINVAL;
  if (static_cast<size_t>(open_count()) >= kMaxOpenFiles) return EMFILE;
  const int fd = folder_.open(path, host_open_flags(flags) | O_CREAT | O_NONBLOCK, safe_mode(mode) & 0777);
  if (fd < 0) return -fd;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return EPERM;
  }
  f->path = path;
  f->fd = fd;
  out.qid(st);
  out.u32(0);
  return 0;
}

int Virtio9p::read(Message& in, Reply& out, uint32_t room) {
  Fid* f = find(in.u32());
  const uint64_t offset = in.u64();
  const uint32_t count = in.u32();
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  const size_t at = out.size();
  out.u32(0);
  if (f->xattr) return 0;  // the empty attribute list
  if (f->fd < 0) return EBADF;
  if (offset > static_cast<uint64_t>(LLONG_MAX)) return EINVAL;
  const uint32_t n = std::min(count, room > p9::kReadHeader ? room - p9::kReadHeader : 0);
  uint8_t* data = out.grow(n);
  const ssize_t got = pread(f->fd, data, n, static_cast<off_t>(offset));
  if (got < 0) return errno;
  out.shrink(at + 4 + static_cast<size_t>(got));
  out.set_u32(at, static_cast<uint32_t>(got));
  return 0;
}

int Virtio9p::write(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  const uint64_t offset = in.u64();
  const uint32_t count = in.u32();
  const uint8_t* data = in.bytes(count);
  if (!in.ok()) return EPROTO;
  if (!f || f->fd < 0) return EBADF;
  if (offset > static_cast<uint64_t>(LLONG_MAX)) return EINVAL;
  const ssize_t wrote = pwrite(f->fd, data, count, static_cast<off_t>(offset));
  if (wrote < 0) return errno;
  out.u32(static_cast<uint32_t>(wrote));
  return 0;
}

int Virtio9p::readdir(Message& in, Reply& out, uint32_t room) {
  Fid* f = find(in.u32());
  const uint64_t offset = in.u64();
  uint32_t count = in.u32();
  if (!in.ok()) return EPROTO;
  if (!f || f->fd < 0) return EBADF;
  if (!f->dir) {
    const int copy = dup(f->fd);
    if (copy < 0) return errno;
    f->dir = fdopendir(copy);
    if (!f->dir) {
      const int error = errno;
      ::close(copy);
      return error;
    }
  }
  count = std::min(count, room > p9::kReadHeader ? room - p9::kReadHeader : 0);
  // Offsets are the host's directory cookies (d_off), which seekdir takes back.
  if (offset == 0)
    rewinddir(f->dir);
  else
    seekdir(f->dir, static_cast<long>(offset));
  const size_t at = out.size();
  out.u32(0);
  uint32_t used = 0;
  for (;;) {
    const long before = telldir(f->dir);
    errno = 0;
    const dirent* e = ::readdir(f->dir);
    if (!e) {
      if (errno != 0 && used == 0) return errno;
      break;
    }
    const std::string name = e->d_name;
    const uint32_t size = 13 + 8 + 1 + 2 + static_cast<uint32_t>(name.size());
    if (used + size > count) {
      seekdir(f->dir, before);
      break;
    }
    out.u8(e->d_type == DT_DIR ? p9::kQidDir : e->d_type == DT_LNK ? p9::kQidSymlink : 0);
    out.u32(0);
    out.u64(e->d_ino);
    out.u64(static_cast<uint64_t>(e->d_off));
    out.u8(e->d_type);
    out.str(name);
    used += size;
  }
  out.set_u32(at, used);
  return 0;
}

int Virtio9p::mkdir(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  const std::string name = in.str();
  const uint32_t mode = in.u32();
  in.u32();  // gid
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  std::string path;
  if (!child(*f, name, path)) return EINVAL;
  const Fd dir(folder_.open(f->path, O_PATH | O_DIRECTORY));
  if (dir.bad()) return dir.error();
  if (const int error = result(mkdirat(dir.fd, name.c_str(), safe_mode(mode)))) return error;
  struct stat st;
  if (const int error = result(fstatat(dir.fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW))) return error;
  out.qid(st);
  return 0;
}

int Virtio9p::symlink(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  const std::string name = in.str(), target = in.str();
  in.u32();  // gid
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  std::string path;
  if (!child(*f, name, path)) return EINVAL;
  // The target is only text to the host: the guest resolves it, the host never follows it.
  if (target.empty() || target.find('\0') != std::string::npos) return EINVAL;
  const Fd dir(folder_.open(f->path, O_PATH | O_DIRECTORY));
  if (dir.bad()) return dir.error();
  if (const int error = result(symlinkat(target.c_str(), dir.fd, name.c_str()))) return error;
  struct stat st;
  if (const int error = result(fstatat(dir.fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW))) return error;
  out.qid(st);
  return 0;
}

int Virtio9p::link(Message& in) {
  Fid* dir_fid = find(in.u32());
  Fid* file = find(in.u32());
  const std::string name = in.str();
  if (!in.ok()) return EPROTO;
  if (!dir_fid || !file) return EBADF;
  std::string path, file_name;
  if (!child(*dir_fid, name, path)) return EINVAL;
  const Fd from(folder_.open_parent(file->path, file_name));
  if (from.bad()) return from.error();
  const Fd to(folder_.open(dir_fid->path, O_PATH | O_DIRECTORY));
  if (to.bad()) return to.error();
  return result(linkat(from.fd, file_name.c_str(), to.fd, name.c_str(), 0));
}

int Virtio9p::readlink(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  std::string name;
  const Fd dir(folder_.open_parent(f->path, name));
  if (dir.bad()) return dir.error();
  char target[PATH_MAX];
  const ssize_t n = readlinkat(dir.fd, name.c_str(), target, sizeof target);
  if (n < 0) return errno;
  if (static_cast<size_t>(n) >= sizeof target) return ENAMETOOLONG;
  out.str(std::string(target, static_cast<size_t>(n)));
  return 0;
}

int Virtio9p::rename(Message& in) {
  Fid* f = find(in.u32());
  Fid* dir_fid = find(in.u32());
  const std::string name = in.str();
  if (!in.ok()) return EPROTO;
  if (!f || !dir_fid) return EBADF;
  if (f->path.empty()) return EBUSY;  // the folder itself stays
  std::string to_path, from_name;
  if (!child(*dir_fid, name, to_path)) return EINVAL;
  const Fd from(folder_.open_parent(f->path, from_name));
  if (from.bad()) return from.error();
  const Fd to(folder_.open(dir_fid->path, O_PATH | O_DIRECTORY));
  if (to.bad()) return to.error();
  if (const int error = result(::renameat(from.fd, from_name.c_str(), to.fd, name.c_str()))) return error;
  moved(f->path, to_path);
  return 0;
}

int Virtio9p::renameat(Message& in) {
  Fid* old_dir = find(in.u32());
  const std::string old_name = in.str();
  Fid* new_dir = find(in.u32());
  const std::string new_name = in.str();
  if (!in.ok()) return EPROTO;
  if (!old_dir || !new_dir) return EBADF;
  std::string from_path, to_path;
  if (!child(*old_dir, old_name, from_path) || !child(*new_dir, new_name, to_path)) return EINVAL;
  const Fd from(folder_.open(old_dir->path, O_PATH | O_DIRECTORY));
  if (from.bad()) return from.error();
  const Fd to(folder_.open(new_dir->path, O_PATH | O_DIRECTORY));
  if (to.bad()) return to.error();
  if (const int error = result(::renameat(from.fd, old_name.c_str(), to.fd, new_name.c_str()))) return error;
  moved(from_path, to_path);
  return 0;
}

int Virtio9p::unlinkat(Message& in) {
  Fid* f = find(in.u32());
  const std::string name = in.str();
  const uint32_t flags = in.u32();
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  std::string path;
  if (!child(*f, name, path)) return EINVAL;
  const Fd dir(folder_.open(f->path, O_PATH | O_DIRECTORY));
  if (dir.bad()) return dir.error();
  return result(::unlinkat(dir.fd, name.c_str(), (flags & kRemoveDir) ? AT_REMOVEDIR : 0));
}

int Virtio9p::remove(Message& in) {
  const uint32_t number = in.u32();
  if (!in.ok()) return EPROTO;
  Fid* f = find(number);
  if (!f) return EBADF;
  // Tremove clunks the fid whether or not the file goes.
  const std::string path = f->path;
  close(*f);
  fids_.erase(number);
  if (path.empty()) return EBUSY;
  struct stat st;
  if (const int error = stat_path(path, st)) return error;
  std::string name;
  const Fd dir(folder_.open_parent(path, name));
  if (dir.bad()) return dir.error();
  return result(::unlinkat(dir.fd, name.c_str(), S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0));
}

int Virtio9p::statfs(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  const Fd root(folder_.open("", O_PATH | O_DIRECTORY));
  if (root.bad()) return root.error();
  struct statfs s;
  if (fstatfs(root.fd, &s) != 0) return errno;
  out.u32(kV9fsMagic);
  out.u32(static_cast<uint32_t>(s.f_bsize));
  out.u64(s.f_blocks);
  out.u64(s.f_bfree);
  out.u64(s.f_bavail);
  out.u64(s.f_files);
  out.u64(s.f_ffree);
  uint64_t fsid;
  static_assert(sizeof fsid == sizeof s.f_fsid);
  std::memcpy(&fsid, &s.f_fsid, sizeof fsid);
  out.u64(fsid);
  out.u32(static_cast<uint32_t>(s.f_namelen));
  return 0;
}

int Virtio9p::fsync(Message& in) {
  Fid* f = find(in.u32());
  const uint32_t datasync = in.u32();
  if (!in.ok()) return EPROTO;
  if (!f || f->fd < 0) return EBADF;
  return result(datasync ? fdatasync(f->fd) : ::fsync(f->fd));
}

// Extended attributes are not served: the list is empty and every name is missing.
int Virtio9p::xattrwalk(Message& in, Reply& out) {
  Fid* f = find(in.u32());
  const uint32_t newfid = in.u32();
  const std::string name = in.str();
  if (!in.ok()) return EPROTO;
  if (!f) return EBADF;
  if (!name.empty()) return ENODATA;
  Fid list;
  list.path = f->path;
  list.xattr = true;
  if (const int error = add_fid(newfid, std::move(list))) return error;
  out.u64(0);
  return 0;
}

// Locks are the guest's business (one guest, one mount): every lock is granted.
int Virtio9p::lock(Message& in, Reply& out) {
  if (!find(in.u32())) return EBADF;
  out.u8(0);  // P9_LOCK_SUCCESS
  return 0;
}

int Virtio9p::getlock(Message& in, Reply& out) {
  if (!find(in.u32())) return EBADF;
  in.u8();  // type
  const uint64_t start = in.u64(), length = in.u64();
  const uint32_t proc_id = in.u32();
  const std::string client = in.str();
  if (!in.ok()) return EPROTO;
  out.u8(2);  // F_UNLCK: nothing holds it
  out.u64(start);
  out.u64(length);
  out.u32(proc_id);
  out.str(client);
  return 0;
}

}  // namespace microvm::devices
