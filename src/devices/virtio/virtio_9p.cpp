#include "devices/virtio/virtio_9p.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "devices/virtio/virtio_9p_msg.h"
#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {

using p9::Message;
using p9::Reply;

Virtio9p::Virtio9p(ShareFolder& folder, const std::string& tag) : folder_(folder) {
  // struct virtio_9p_config: tag_len (le16), then the tag without a terminating NUL.
  config_.assign(2 + tag.size(), 0);
  config_[0] = static_cast<uint8_t>(tag.size());
  config_[1] = static_cast<uint8_t>(tag.size() >> 8);
  std::memcpy(config_.data() + 2, tag.data(), tag.size());
}

Virtio9p::~Virtio9p() { clunk_all(); }

void Virtio9p::save(SnapshotWriter&) const {
  throw user_error("no snapshots of a machine with --share {}: the guest's open files there are host files",
                   folder_.host_path());
}

void Virtio9p::queue_notified(unsigned queue) {
  VirtQueue& q = transport().queue(queue);
  while (q.pop(chain_) == VirtQueue::Pop::kChain) {
    if (chain_.readable_bytes < 7 || chain_.writable_bytes < 11) {
      transport().device_error("9P request without room for a message and its reply");
      return;
    }
    request_.resize(std::min<uint64_t>(chain_.readable_bytes, kMaxMessage));
    ChainReader(transport().ram(), chain_).read(request_.data(), request_.size());
    const uint32_t room = static_cast<uint32_t>(std::min<uint64_t>(chain_.writable_bytes, kMaxMessage));
    const std::vector<uint8_t> reply = serve(request_, room);
    ChainWriter writer(transport().ram(), chain_);
    writer.write(reply.data(), reply.size());
    q.push(chain_.head, static_cast<uint32_t>(writer.written()));
  }
}

std::vector<uint8_t> Virtio9p::serve(const std::vector<uint8_t>& request, uint32_t room) {
  Message in(request);
  const uint32_t size = in.u32();
  const uint8_t type = in.u8();
  const uint16_t tag = in.u16();
  Reply out(type + 1, tag);
  int error = EPROTO;
  if (in.ok() && size >= 7 && size <= request.size()) {
    in.limit(size);
    error = dispatch(type, in, out, std::min(room, msize_));
    if (error == 0 && !in.ok()) error = EPROTO;  // the message ended early
  }
  if (error != 0) {
    out = Reply(p9::kRlerror, tag);
    out.u32(static_cast<uint32_t>(error));
  }
  return out.finish();
}

int Virtio9p::dispatch(uint8_t type, Message& in, Reply& out, uint32_t room) {
  using namespace p9;
  const bool changes = type == kTlcreate || type == kTsymlink || type == kTmknod || type == kTrename ||
                       type == kTsetattr || type == kTxattrcreate || type == kTlink || type == kTmkdir ||
                       type == kTrenameat || type == kTunlinkat || type == kTwrite || type == kTremove;
  if (changes && folder_.read_only()) {
    if (type == kTremove) {  // the fid goes even when the file stays (as Tclunk)
      const uint32_t fid = in.u32();
      if (Fid* f = find(fid)) close(*f), fids_.erase(fid);
    }
    return EROFS;
  }
  switch (type) {
    case kTversion: return version(in, out);
    case kTattach: return attach(in, out);
    case kTwalk: return walk(in, out);
    case kTgetattr: return getattr(in, out);
    case kTsetattr: return setattr(in);
    case kTlopen: return lopen(in, out);
    case kTlcreate: return lcreate(in, out);
    case kTread: return read(in, out, room);
    case kTwrite: return write(in, out);
    case kTreaddir: return readdir(in, out, room);
    case kTmkdir: return mkdir(in, out);
    case kTsymlink: return symlink(in, out);
    case kTlink: return link(in);
    case kTreadlink: return readlink(in, out);
    case kTrename: return rename(in);
    case kTrenameat: return renameat(in);
    case kTunlinkat: return unlinkat(in);
    case kTremove: return remove(in);
    case kTstatfs: return statfs(in, out);
    case kTfsync: return fsync(in);
    case kTxattrwalk: return xattrwalk(in, out);
    case kTlock: return lock(in, out);
    case kTgetlock: return getlock(in, out);
    case kTflush: return 0;  // requests finish before the next is read: nothing is in flight
    case kTclunk: {
      const uint32_t fid = in.u32();
      Fid* f = find(fid);
      if (!f) return EBADF;
      close(*f);
      fids_.erase(fid);
      return 0;
    }
    case kTauth: return EOPNOTSUPP;  // no authentication: Tattach takes afid NOFID
    default: return EOPNOTSUPP;      // Tmknod, Txattrcreate and the 9P2000(.u) messages
  }
}

Virtio9p::Fid* Virtio9p::find(uint32_t fid) {
  auto it = fids_.find(fid);
  return it == fids_.end() ? nullptr : &it->second;
}

int Virtio9p::add_fid(uint32_t fid, Fid value) {
  if (fid == p9::kNoFid) return EBADF;
  if (fids_.count(fid)) return EEXIST;
  if (fids_.size() >= kMaxFids) return ENFILE;
  fids_.emplace(fid, std::move(value));
  return 0;
}

void Virtio9p::close(Fid& fid) {
  if (fid.dir) closedir(fid.dir);  // closes its own copy of the descriptor
  if (fid.fd >= 0) ::close(fid.fd);
  fid.dir = nullptr;
  fid.fd = -1;
}

void Virtio9p::clunk_all() {
  for (auto& [number, fid] : fids_) close(fid);
  fids_.clear();
}

int Virtio9p::open_count() const {
  int n = 0;
  for (const auto& [number, fid] : fids_) n += fid.fd >= 0;
  return n;
}

bool Virtio9p::child(const Fid& dir, const std::string& name, std::string& path) const {
  if (!ShareFolder::valid_name(name)) return false;
  path = ShareFolder::join(dir.path, name);
  return path.size() < PATH_MAX;
}

int Virtio9p::stat_path(const std::string& path, struct stat& st) const {
  std::string name;
  const int dir = folder_.open_parent(path, name);
  if (dir < 0) return -dir;
  const int rc = fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW);
  const int error = errno;
  ::close(dir);
  return rc == 0 ? 0 : error;
}

void Virtio9p::moved(const std::string& from, const std::string& to) {
  for (auto& [number, fid] : fids_) {
    if (fid.path == from) {
      fid.path = to;
    } else if (fid.path.size() > from.size() && fid.path.starts_with(from) && fid.path[from.size()] == '/') {
      fid.path = to + fid.path.substr(from.size());
    }
  }
}

int Virtio9p::version(Message& in, Reply& out) {
  const uint32_t msize = in.u32();
  const std::string version = in.str();
  if (!in.ok()) return EPROTO;
  clunk_all();                     // a new session
  if (msize < 256) return EPROTO;  // no room for a useful message
  msize_ = std::min(msize, kMaxMessage);
  out.u32(msize_);
  out.str(version == "9P2000.L" ? "9P2000.L" : "unknown");
  return 0;
}

int Virtio9p::attach(Message& in, Reply& out) {
  const uint32_t fid = in.u32();
  in.u32();  // afid
  in.str();  // uname
  in.str();  // aname: one tree per share
  in.u32();  // n_uname
  if (!in.ok()) return EPROTO;
  struct stat st;
  if (const int error = stat_path("", st)) return error;
  if (const int error = add_fid(fid, Fid{})) return error;
  out.qid(st);
  return 0;
}

int Virtio9p::walk(Message& in, Reply& out) {
  const uint32_t fid = in.u32(), newfid = in.u32();
  const uint16_t count = in.u16();
  if (!in.ok() || count > p9::kMaxWalk) return EPROTO;
  Fid* from = find(fid);
  if (!from) return EBADF;
  if (newfid != fid && fids_.count(newfid)) return EEXIST;
  std::string path = from->path;
  std::vector<struct stat> found;
  for (uint16_t i = 0; i < count; ++i) {
    const std::string name = in.str();
    if (!in.ok()) return EPROTO;
    std::string next;
    if (name == "..") {
      // Above the folder is the folder itself, as ".." at a root is.
      const size_t slash = path.rfind('/');
      next = slash == std::string::npos ? std::string() : path.substr(0, slash);
    } else if (!ShareFolder::valid_name(name)) {
      if (i == 0) return ENOENT;
      break;
    } else {
      next = ShareFolder::join(path, name);
    }
    struct stat st;
    const int error = next.size() >= PATH_MAX ? ENAMETOOLONG : stat_path(next, st);
    if (error) {
      if (i == 0) return error;
      break;
    }
    // Only directories have entries to walk into; a symlink is not followed.
    if (i + 1 < count && !S_ISDIR(st.st_mode)) {
      found.push_back(st);
      break;
    }
    found.push_back(st);
    path = next;
  }
  out.u16(static_cast<uint16_t>(found.size()));
  for (const struct stat& st : found) out.qid(st);
  if (found.size() == count) {
    if (newfid == fid) {
      close(*from);
      from->path = path;
      from->xattr = false;
    } else {
      Fid f;
      f.path = path;
      if (const int error = add_fid(newfid, std::move(f))) return error;
    }
  }
  return 0;
}

}  // namespace microvm::devices
