#include "riscv/semihosting.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/error.h"
#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

constexpr uint32_t kSlliMagic = 0x01f01013, kSraiMagic = 0x40705013;
constexpr uint64_t kMaxName = 4096;
constexpr uint64_t kChunk = 64 * 1024;
// ":semihosting-features" (semihosting v2.0, 5.1): magic, then SH_EXT_EXIT_EXTENDED and
// SH_EXT_STDOUT_STDERR (":tt" opened for append is stderr).
constexpr uint8_t kFeatures[] = {'S', 'H', 'F', 'B', 0x03};
constexpr uint64_t kFailed = ~0ull;

// Guest memory as the hart sees it now (virtual addresses, its privilege), one page at a time.
bool guest_read(Hart& h, uint64_t va, void* out, uint64_t length) {
  auto* p = static_cast<uint8_t*>(out);
  while (length) {
    const uint64_t n = std::min(length, 4096 - (va & 0xFFF));
    uint64_t pa;
    if (!h.debug_translate(va, Hart::Access::kRead, pa) || !h.bus().ram().read(pa, p, n)) return false;
    va += n, p += n, length -= n;
  }
  return true;
}

bool guest_write(Hart& h, uint64_t va, const void* in, uint64_t length) {
  auto* p = static_cast<const uint8_t*>(in);
  while (length) {
    const uint64_t n = std::min(length, 4096 - (va & 0xFFF));
    uint64_t pa;
    if (!h.debug_translate(va, Hart::Access::kWrite, pa) || !h.bus().ram().write(pa, p, n)) return false;
    va += n, p += n, length -= n;
  }
  return true;
}

bool instruction_at(Hart& h, uint64_t va, uint32_t& bits) {
  uint64_t pa;
  return h.debug_translate(va, Hart::Access::kFetch, pa) && h.bus().ram().read(pa, &bits, 4);
}

// SYS_OPEN's modes 0..11 are fopen's "r", "rb", "r+", "r+b", "w", ... "a+b".
int open_flags(uint64_t mode) {
  static constexpr int kFlags[] = {O_RDONLY,
                                   O_RDWR,
                                   O_WRONLY | O_CREAT | O_TRUNC,
                                   O_RDWR | O_CREAT | O_TRUNC,
                                   O_WRONLY | O_CREAT | O_APPEND,
                                   O_RDWR | O_CREAT | O_APPEND};
  const int plus = (mode >> 1) & 1;
  const int base = static_cast<int>(mode / 4);
  return kFlags[base * 2 + plus] | O_CLOEXEC;
}

}  // namespace

Semihosting::Semihosting(const SemihostingConfig& config, Console& console, RunControl& run_control,
                         const Clock& clock, uint64_t epoch_ns)
    : config_(config), console_(console), run_control_(run_control), clock_(clock), epoch_ns_(epoch_ns) {
  handles_.resize(1);
  if (!config_.root.empty()) {
    root_fd_ = ::open(config_.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd_ < 0) {
      throw user_error("--semihosting-root {}: {}", config_.root,
                       errno == ENOTDIR ? "not a directory" : std::strerror(errno));
    }
  }
}

Semihosting::~Semihosting() {
  for (Handle& h : handles_) {
    if (h.kind == Handle::kFile) ::close(h.fd);
  }
  if (root_fd_ >= 0) ::close(root_fd_);
}

bool Semihosting::on_ebreak(Hart& hart) {
  // QEMU's test: the three instructions on one page, and not from U-mode (its default
  // -semihosting-config userspace=off).
  const uint64_t pc = hart.pc;
  if (hart.priv == Priv::U || ((pc - 4) >> 12) != ((pc + 4) >> 12)) return false;
  uint32_t before = 0, after = 0;
  if (!instruction_at(hart, pc - 4, before) || !instruction_at(hart, pc + 4, after)) return false;
  if (before != kSlliMagic || after != kSraiMagic) return false;
  if (!config_.enabled) {
    if (!hinted_.exchange(true)) {
      console_.flush();
      fmt::print(stderr,
                 "{}microvm: the guest made a semihosting call at pc {:#x}; without --semihosting it is a "
                 "breakpoint\n",
                 console_.at_line_start() ? "" : "\n", pc);
    }
    return false;
  }
  std::lock_guard lock(mutex_);
  hart.x[10] = call(hart, hart.x[10], hart.x[11]);
  return true;
}

uint64_t Semihosting::fail(int error) {
  errno_ = error;
  return kFailed;
}

Semihosting::Handle* Semihosting::handle(uint64_t number) {
  if (number == 0 || number >= handles_.size() || handles_[number].kind == Handle::kFree) return nullptr;
  return &handles_[number];
}

uint64_t Semihosting::call(Hart& hart, uint64_t op, uint64_t arg) {
  uint64_t a[4] = {};
  auto fields = [&](unsigned n) { return guest_read(hart, arg, a, 8 * n); };
  switch (op) {
    case kOpen: return fields(3) ? open(hart, a[0], a[1], a[2]) : fail(EFAULT);
    case kClose: return fields(1) ? close(a[0]) : fail(EFAULT);
    case kWriteC: {
      uint8_t c;
      if (guest_read(hart, arg, &c, 1)) console_.put(c);
      return hart.x[10];
    }
    case kWrite0: {
      std::string text;
      for (uint64_t at = arg;; ++at) {
        char c;
        if (!guest_read(hart, at, &c, 1) || c == 0) break;
        text += c;
        if (text.size() == kChunk) console_.write(std::exchange(text, {}));
      }
      console_.write(text);
      return hart.x[10];
    }
    case kWrite: return fields(3) ? write(hart, a[0], a[1], a[2]) : fail(EFAULT);
    case kRead: return fields(3) ? read(hart, a[0], a[1], a[2]) : fail(EFAULT);
    case kReadC: {
      uint8_t c = 0;
      if (!wait_for_input() || !console_.pop_input(c)) return fail(EIO);
      return c;
    }
    case kIsError: return fields(1) ? static_cast<int64_t>(a[0]) < 0 : fail(EFAULT);
    case kIsTty: {
      if (!fields(1)) return fail(EFAULT);
      const Handle* h = handle(a[0]);
      if (!h) return fail(EBADF);
      if (h->kind != Handle::kFile) return h->kind != Handle::kFeatures;
      return isatty(h->fd) ? 1 : 0;
    }
    case kSeek: return fields(2) ? seek(a[0], a[1]) : fail(EFAULT);
    case kFlen: return fields(1) ? flen(a[0]) : fail(EFAULT);
    case kTmpNam: return fields(3) ? tmpnam(hart, a[0], a[1], a[2]) : fail(EFAULT);
    case kRemove: return fields(2) ? remove(hart, a[0], a[1]) : fail(EFAULT);
    case kRename: return fields(4) ? rename(hart, a[0], a[1], a[2], a[3]) : fail(EFAULT);
    // Guest time, not the host's: the same in --deterministic runs, and paused with the guest.
    case kClock:
      return static_cast<uint64_t>(static_cast<unsigned __int128>(clock_.now()) * 100 / clock_.hz());
    case kTime: {
      const auto ns = epoch_ns_ + static_cast<uint64_t>(static_cast<unsigned __int128>(clock_.now()) *
                                                        1'000'000'000u / clock_.hz());
      return ns / 1'000'000'000u;
    }
    case kSystem: return fail(EPERM);  // never a host command on a guest's say-so
    case kErrno: return static_cast<uint64_t>(errno_);
    case kGetCmdline: return get_cmdline(hart, arg);
    case kHeapInfo: {
      uint64_t block;
      if (!guest_read(hart, arg, &block, 8) || !guest_write(hart, block, heap_info_, sizeof heap_info_)) {
        return fail(EFAULT);
      }
      return 0;
    }
    case kExit:
    case kExitExtended: return fields(2) ? exit(a[0], a[1]) : fail(EFAULT);
    case kElapsed: {
      const uint64_t ticks = clock_.now();
      return guest_write(hart, arg, &ticks, 8) ? 0 : fail(EFAULT);
    }
    case kTickFreq: return clock_.hz();
    default: return fail(ENOSYS);
  }
}

uint64_t Semihosting::exit(uint64_t reason, uint64_t subcode) {
  // As QEMU: the exit code of an application exit, 1 for any other reason.
  const int code = reason == kApplicationExit ? static_cast<int>(subcode & 0xFF) : 1;
  run_control_.request_stop(StopReason::kPowerOff, code,
                            code ? fmt::format("guest exited with code {} (semihosting)", code) : "");
  return 0;
}

bool Semihosting::read_name(Hart& hart, uint64_t address, uint64_t length, std::string& name) {
  if (length > kMaxName) {
    errno_ = ENAMETOOLONG;
    return false;
  }
  name.assign(length, '\0');
  if (!guest_read(hart, address, name.data(), length)) {
    errno_ = EFAULT;
    return false;
  }
  if (name.find('\0') != std::string::npos) {
    errno_ = ENOENT;
    return false;
  }
  return true;
}

uint64_t Semihosting::open(Hart& hart, uint64_t name_address, uint64_t mode, uint64_t length) {
  std::string name;
  if (!read_name(hart, name_address, length, name)) return kFailed;
  if (mode > 11) return fail(EINVAL);
  Handle h;
  if (name == ":tt") {
    h.kind = mode < 4 ? Handle::kStdin : mode < 8 ? Handle::kStdout : Handle::kStderr;
  } else if (name == ":semihosting-features") {
    if (mode >= 4) return fail(EACCES);
    h.kind = Handle::kFeatures;
  } else {
    h.fd = open_in_root(name, open_flags(mode));
    if (h.fd < 0) return kFailed;
    h.kind = Handle::kFile;
  }
  for (uint64_t i = 1; i < handles_.size(); ++i) {
    if (handles_[i].kind == Handle::kFree) {
      handles_[i] = h;
      return i;
    }
  }
  handles_.push_back(h);
  return handles_.size() - 1;
}

uint64_t Semihosting::close(uint64_t number) {
  Handle* h = handle(number);
  if (!h) return fail(EBADF);
  if (h->kind == Handle::kFile) ::close(h->fd);
  *h = Handle{};
  return 0;
}

uint64_t Semihosting::write(Hart& hart, uint64_t number, uint64_t buffer, uint64_t length) {
  Handle* h = handle(number);
  if (!h) return fail(EBADF);
  if (h->kind == Handle::kStdin || h->kind == Handle::kFeatures) return fail(EBADF);
  // The result is the number of bytes *not* written.
  std::vector<char> bytes;
  uint64_t done = 0;
  while (done < length) {
    const uint64_t n = std::min(length - done, kChunk);
    bytes.resize(n);
    if (!guest_read(hart, buffer + done, bytes.data(), n)) {
      errno_ = EFAULT;
      break;
    }
    if (h->kind == Handle::kFile) {
      const ssize_t wrote = ::write(h->fd, bytes.data(), n);
      if (wrote < 0) {
        errno_ = errno;
        break;
      }
      done += static_cast<uint64_t>(wrote);
      if (static_cast<uint64_t>(wrote) < n) break;
    } else {
      console_.write(std::string_view(bytes.data(), n));
      done += n;
    }
  }
  return length - done;
}

bool Semihosting::wait_for_input() {
  while (!console_.has_input()) {
    if (input_waiter_) {
      input_waiter_();
      if (console_.has_input()) break;
    }
    if (console_.input_ended() || run_control_.stop_requested()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

uint64_t Semihosting::read(Hart& hart, uint64_t number, uint64_t buffer, uint64_t length) {
  Handle* h = handle(number);
  if (!h) return fail(EBADF);
  std::vector<uint8_t> bytes;
  switch (h->kind) {
    case Handle::kStdin: {
      // Like a terminal read: wait for something, then take what is there (end of input: 0).
      if (length && wait_for_input()) {
        uint8_t c;
        while (bytes.size() < length && console_.pop_input(c)) bytes.push_back(c);
      }
      break;
    }
    case Handle::kFeatures:
      while (bytes.size() < length && h->position < sizeof kFeatures)
        bytes.push_back(kFeatures[h->position++]);
      break;
    case Handle::kFile: {
      uint64_t done = 0;
      while (done < length) {
        bytes.resize(done + std::min(length - done, kChunk));
        const ssize_t got = ::read(h->fd, bytes.data() + done, bytes.size() - done);
        if (got < 0) {
          bytes.resize(done);
          errno_ = errno;
          break;
        }
        done += static_cast<uint64_t>(got);
        bytes.resize(done);
        if (got == 0) break;
      }
      break;
    }
    default: return fail(EBADF);
  }
  if (!guest_write(hart, buffer, bytes.data(), bytes.size())) return fail(EFAULT);
  return length - bytes.size();
}

uint64_t Semihosting::seek(uint64_t number, uint64_t position) {
  Handle* h = handle(number);
  if (!h) return fail(EBADF);
  if (h->kind == Handle::kFeatures) {
    if (position > sizeof kFeatures) return fail(EINVAL);
    h->position = position;
    return 0;
  }
  if (h->kind != Handle::kFile) return fail(ESPIPE);
  if (::lseek(h->fd, static_cast<off_t>(position), SEEK_SET) < 0) return fail(errno);
  return 0;
}

uint64_t Semihosting::flen(uint64_t number) {
  Handle* h = handle(number);
  if (!h) return fail(EBADF);
  if (h->kind == Handle::kFeatures) return sizeof kFeatures;
  if (h->kind != Handle::kFile) return fail(ESPIPE);
  struct stat st;
  if (fstat(h->fd, &st) < 0) return fail(errno);
  return static_cast<uint64_t>(st.st_size);
}

uint64_t Semihosting::tmpnam(Hart& hart, uint64_t buffer, uint64_t id, uint64_t length) {
  if (root_fd_ < 0) return fail(EACCES);
  // A name below the root, since that is all a guest can open.
  const std::string name = fmt::format("microvm-tmp-{:02x}", id & 0xFF);
  if (name.size() + 1 > length) return fail(ERANGE);
  if (!guest_write(hart, buffer, name.c_str(), name.size() + 1)) return fail(EFAULT);
  return 0;
}

uint64_t Semihosting::remove(Hart& hart, uint64_t name_address, uint64_t length) {
  std::string name, leaf;
  if (!read_name(hart, name_address, length, name)) return kFailed;
  const int dir = open_parent(name, leaf);
  if (dir < 0) return kFailed;
  const int result = unlinkat(dir, leaf.c_str(), 0);
  const int error = errno;
  ::close(dir);
  return result < 0 ? fail(error) : 0;
}

uint64_t Semihosting::rename(Hart& hart, uint64_t from, uint64_t from_length, uint64_t to,
                             uint64_t to_length) {
  std::string from_name, to_name, from_leaf, to_leaf;
  if (!read_name(hart, from, from_length, from_name) || !read_name(hart, to, to_length, to_name))
    return kFailed;
  const int from_dir = open_parent(from_name, from_leaf);
  if (from_dir < 0) return kFailed;
  const int to_dir = open_parent(to_name, to_leaf);
  if (to_dir < 0) {
    ::close(from_dir);
    return kFailed;
  }
  const int result = renameat(from_dir, from_leaf.c_str(), to_dir, to_leaf.c_str());
  const int error = errno;
  ::close(from_dir);
  ::close(to_dir);
  return result < 0 ? fail(error) : 0;
}

uint64_t Semihosting::get_cmdline(Hart& hart, uint64_t block) {
  uint64_t a[2];
  if (!guest_read(hart, block, a, sizeof a)) return fail(EFAULT);
  if (cmdline_.size() + 1 > a[1]) return fail(E2BIG);
  const uint64_t length = cmdline_.size();
  if (!guest_write(hart, a[0], cmdline_.c_str(), length + 1) || !guest_write(hart, block + 8, &length, 8)) {
    return fail(EFAULT);
  }
  return 0;
}

int Semihosting::open_in_root(const std::string& path, int flags) {
  if (root_fd_ < 0) {
    errno_ = EACCES;  // no --semihosting-root: no host files
    return -1;
  }
  // RESOLVE_BENEATH refuses absolute paths and any `..` or symlink that would leave the root.
  open_how how{};
  how.flags = static_cast<uint64_t>(flags);
  how.mode = (flags & O_CREAT) ? 0666 : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const long fd = syscall(SYS_openat2, root_fd_, path.c_str(), &how, sizeof how);
  if (fd < 0) {
    errno_ = errno == ENOSYS ? EACCES : errno;  // a kernel before 5.6 cannot confine: refuse
    return -1;
  }
  return static_cast<int>(fd);
}

int Semihosting::open_parent(const std::string& path, std::string& leaf) {
  const size_t slash = path.find_last_of('/');
  leaf = slash == std::string::npos ? path : path.substr(slash + 1);
  if (leaf.empty() || leaf == "." || leaf == "..") {
    errno_ = EINVAL;
    return -1;
  }
  const std::string parent = slash == std::string::npos ? "." : path.substr(0, slash);
  return open_in_root(parent.empty() ? "/" : parent, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

}  // namespace microvm::riscv
