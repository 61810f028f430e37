// virtio-9p (VirtIO 1.2, section 5.11): a host folder served to the guest over 9P2000.L, the
// dialect Linux's v9fs speaks with `mount -t 9p -o trans=virtio,version=9p2000.L TAG /mnt`.
//
// Each request is one descriptor chain: the T-message in its readable buffers, room for the
// R-message in its writable ones. Requests are served synchronously by the hart that notifies,
// under the device lock. Every path is confined to the folder (ShareFolder); a read-only share
// answers every change with EROFS. Files the guest creates belong to the host user running
// microvm: ownership changes are accepted and ignored, and set-user/group-ID bits are dropped.
#pragma once

#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "devices/virtio/virtio.h"
#include "devices/virtio/virtio_9p_fs.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

namespace p9 {
class Message;
class Reply;
}  // namespace p9

class Virtio9p : public VirtioDevice {
 public:
  static constexpr uint32_t kDeviceId = 9;
  static constexpr unsigned kMountTag = 0;  // feature bit (5.11.3)
  static constexpr uint32_t kMaxMessage = 512 * 1024;
  static constexpr size_t kMaxFids = 65536;
  static constexpr size_t kMaxOpenFiles = 1024;

  // `folder` must outlive the device.
  Virtio9p(ShareFolder& folder, const std::string& tag);
  ~Virtio9p() override;

  std::string_view name() const override { return "virtio-9p"; }
  uint32_t device_id() const override { return kDeviceId; }
  uint64_t device_features() const override { return virtio::bit(kMountTag); }
  unsigned queue_count() const override { return 1; }
  uint16_t queue_max_size(unsigned) const override { return 128; }
  void queue_notified(unsigned queue) override;
  void reset() override { clunk_all(); }
  // The guest's open files are host descriptors a snapshot cannot carry: saving one refuses.
  void save(SnapshotWriter&) const override;

  // One 9P message in, its reply out (what queue_notified does per chain; tests call it
  // directly). `room` is how many bytes the reply may take.
  std::vector<uint8_t> serve(const std::vector<uint8_t>& request, uint32_t room);

 private:
  struct Fid {
    std::string path;    // relative to the folder
    int fd = -1;         // after Tlopen or Tlcreate
    DIR* dir = nullptr;  // a directory being read (Treaddir)
    bool xattr = false;  // an attribute fid from Txattrwalk (always empty)
  };

  int dispatch(uint8_t type, p9::Message& in, p9::Reply& out, uint32_t room);
  int version(p9::Message& in, p9::Reply& out);
  int attach(p9::Message& in, p9::Reply& out);
  int walk(p9::Message& in, p9::Reply& out);
  int getattr(p9::Message& in, p9::Reply& out);
  int setattr(p9::Message& in);
  int lopen(p9::Message& in, p9::Reply& out);
  int lcreate(p9::Message& in, p9::Reply& out);
  int read(p9::Message& in, p9::Reply& out, uint32_t room);
  int write(p9::Message& in, p9::Reply& out);
  int readdir(p9::Message& in, p9::Reply& out, uint32_t room);
  int mkdir(p9::Message& in, p9::Reply& out);
  int symlink(p9::Message& in, p9::Reply& out);
  int link(p9::Message& in);
  int readlink(p9::Message& in, p9::Reply& out);
  int rename(p9::Message& in);
  int renameat(p9::Message& in);
  int unlinkat(p9::Message& in);
  int remove(p9::Message& in);
  int statfs(p9::Message& in, p9::Reply& out);
  int fsync(p9::Message& in);
  int xattrwalk(p9::Message& in, p9::Reply& out);
  int lock(p9::Message& in, p9::Reply& out);
  int getlock(p9::Message& in, p9::Reply& out);

  // The fid, or null when the guest never made it.
  Fid* find(uint32_t fid);
  int add_fid(uint32_t fid, Fid value);
  void close(Fid& fid);
  void clunk_all();
  // A fid's path followed by a guest-given name, checked; false for a bad name.
  bool child(const Fid& dir, const std::string& name, std::string& path) const;
  // stat of a path without following a symlink at its end; 0 or errno.
  int stat_path(const std::string& path, struct stat& st) const;
  // After a rename, fids below the old path follow it.
  void moved(const std::string& from, const std::string& to);
  int open_count() const;

  ShareFolder& folder_;
  uint32_t msize_ = 8192;
  std::map<uint32_t, Fid> fids_;
  VirtChain chain_;
  std::vector<uint8_t> request_;
};

}  // namespace microvm::devices
