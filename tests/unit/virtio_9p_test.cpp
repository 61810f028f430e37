// The 9P server behind --share: paths stay inside the shared folder (no "..", no symlink leads
// out, with openat2 and with the component walk), read-only shares refuse changes, and the
// 9P2000.L messages Linux's v9fs sends get the replies the protocol defines.
#include "devices/virtio/virtio_9p.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "devices/virtio/virtio_9p_fs.h"

namespace microvm::devices {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A folder to share, beside a secret it must not reach:
//   top/secret.txt                 outside
//   top/share/inside.txt           "inside"
//   top/share/sub/deep.txt         "deep"
//   top/share/escape -> ../secret.txt
//   top/share/etc -> /etc
//   top/share/subdir_link -> sub   (inside, but still not followed by the host)
class ShareFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "microvm-9p-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    top_ = pattern;
    root_ = top_ / "share";
    fs::create_directories(root_ / "sub");
    std::ofstream(top_ / "secret.txt") << "secret";
    std::ofstream(root_ / "inside.txt") << "inside";
    std::ofstream(root_ / "sub" / "deep.txt") << "deep";
    fs::create_symlink("../secret.txt", root_ / "escape");
    fs::create_symlink("/etc", root_ / "etc");
    fs::create_symlink("sub", root_ / "subdir_link");
  }
  void TearDown() override {
    ShareFolder::force_component_walk(false);
    fs::remove_all(top_);
  }

  fs::path top_, root_;
};

std::string read_fd(int fd) {
  char buf[64];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

class ShareFolderTest : public ShareFixture, public ::testing::WithParamInterface<bool> {};

TEST_P(ShareFolderTest, OpensInsideAndNothingOutside) {
  ShareFolder::force_component_walk(GetParam());
  ShareFolder folder(root_.string(), false);
  EXPECT_EQ(read_fd(folder.open("inside.txt", O_RDONLY)), "inside");
  EXPECT_EQ(read_fd(folder.open("sub/deep.txt", O_RDONLY)), "deep");
  const int self = folder.open("", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(self, 0);
  ::close(self);
  // ".." is refused before the host sees it, wherever it is.
  EXPECT_EQ(folder.open("../secret.txt", O_RDONLY), -EXDEV);
  EXPECT_EQ(folder.open("sub/../../secret.txt", O_RDONLY), -EXDEV);
  EXPECT_EQ(folder.open("sub//deep.txt", O_RDONLY), -EXDEV);
  EXPECT_EQ(folder.open("/etc/passwd", O_RDONLY), -EXDEV);
  // No symlink is followed, at the end or on the way, pointing out or in.
  EXPECT_EQ(folder.open("escape", O_RDONLY), -ELOOP);
  const int through_etc = folder.open("etc/passwd", O_RDONLY);
  EXPECT_TRUE(through_etc == -ELOOP || through_etc == -ENOTDIR) << through_etc;
  const int through_inner = folder.open("subdir_link/deep.txt", O_RDONLY);
  EXPECT_TRUE(through_inner == -ELOOP || through_inner == -ENOTDIR) << through_inner;
  // Creating through a symlink does not write outside either.
  EXPECT_LT(folder.open("escape", O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
  EXPECT_EQ(slurp(top_ / "secret.txt"), "secret");
}

TEST_P(ShareFolderTest, ParentOfAPathAndItsName) {
  ShareFolder::force_component_walk(GetParam());
  ShareFolder folder(root_.string(), false);
  std::string name;
  const int dir = folder.open_parent("sub/deep.txt", name);
  ASSERT_GE(dir, 0);
  EXPECT_EQ(name, "deep.txt");
  struct stat st;
  EXPECT_EQ(fstatat(dir, name.c_str(), &st, 0), 0);
  ::close(dir);
  // A symlink as the parent: O_DIRECTORY | O_NOFOLLOW on it says ENOTDIR.
  EXPECT_EQ(folder.open_parent("escape/x", name), -ENOTDIR);
  EXPECT_EQ(folder.open_parent("../x", name), -EXDEV);
}

INSTANTIATE_TEST_SUITE_P(Both, ShareFolderTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "ComponentWalk" : "Openat2"; });

TEST(ShareFolder, Names) {
  EXPECT_TRUE(ShareFolder::valid_name("a.txt"));
  EXPECT_TRUE(ShareFolder::valid_name("..."));
  EXPECT_FALSE(ShareFolder::valid_name(""));
  EXPECT_FALSE(ShareFolder::valid_name("."));
  EXPECT_FALSE(ShareFolder::valid_name(".."));
  EXPECT_FALSE(ShareFolder::valid_name("a/b"));
  EXPECT_FALSE(ShareFolder::valid_name(std::string("a\0b", 3)));
  EXPECT_TRUE(ShareFolder::valid_path(""));
  EXPECT_TRUE(ShareFolder::valid_path("a/b"));
  EXPECT_FALSE(ShareFolder::valid_path("a/../b"));
  EXPECT_FALSE(ShareFolder::valid_path("/a"));
  EXPECT_FALSE(ShareFolder::valid_path("a/"));
}

TEST(ShareFolder, RefusesWhatIsNotAFolder) {
  EXPECT_THROW(ShareFolder("/nonexistent/microvm", false), UserError);
  EXPECT_THROW(ShareFolder("/etc/passwd", false), UserError);
}

// 9P messages, built and taken apart.
class Msg {
 public:
  Msg(uint8_t type, uint16_t tag = 1) {
    u32(0);
    u8(type);
    u16(tag);
  }
  Msg& u8(uint8_t v) { return put(v, 1); }
  Msg& u16(uint16_t v) { return put(v, 2); }
  Msg& u32(uint32_t v) { return put(v, 4); }
  Msg& u64(uint64_t v) { return put(v, 8); }
  Msg& str(const std::string& s) {
    u16(static_cast<uint16_t>(s.size()));
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  std::vector<uint8_t> done() {
    const uint32_t n = static_cast<uint32_t>(bytes.size());
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<uint8_t>(n >> (8 * i));
    return bytes;
  }
  std::vector<uint8_t> bytes;

 private:
  Msg& put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
};

struct Parsed {
  std::vector<uint8_t> b;
  size_t at = 7;
  uint8_t type() const { return b[4]; }
  void skip(size_t n) { at += n; }
  uint64_t take(int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t{b.at(at + i)} << (8 * i);
    at += n;
    return v;
  }
  std::string str() {
    const size_t n = take(2);
    std::string s(b.begin() + at, b.begin() + at + n);
    at += n;
    return s;
  }
  // Rlerror's errno, or 0 for any other reply.
  uint32_t error() const { return b[4] == 7 ? b[7] | b[8] << 8 : 0; }
};

class NinePTest : public ShareFixture {
 protected:
  Parsed send(Msg m) { return Parsed{server_->serve(m.done(), 8192)}; }
  void start(bool read_only = false) {
    folder_ = std::make_unique<ShareFolder>(root_.string(), read_only);
    server_ = std::make_unique<Virtio9p>(*folder_, "share");
    Parsed v = send(Msg(100).u32(8192).str("9P2000.L"));
    ASSERT_EQ(v.type(), 101);
    EXPECT_EQ(v.take(4), 8192u);
    EXPECT_EQ(v.str(), "9P2000.L");
    Parsed a = send(Msg(104).u32(1).u32(~0u).str("root").str("").u32(0));
    ASSERT_EQ(a.type(), 105);
    EXPECT_EQ(a.take(1), 0x80u);  // a directory
    a.take(4);
    root_ino_ = a.take(8);
  }
  // Twalk from the root fid 1 to `newfid`; returns the reply.
  Parsed walk(uint32_t newfid, std::vector<std::string> names) {
    Msg m(110);
    m.u32(1).u32(newfid).u16(static_cast<uint16_t>(names.size()));
    for (const auto& n : names) m.str(n);
    return send(m);
  }
  uint32_t lopen(uint32_t fid, uint32_t flags) { return send(Msg(12).u32(fid).u32(flags)).error(); }
  std::string read(uint32_t fid) {
    Parsed r = send(Msg(116).u32(fid).u64(0).u32(100));
    if (r.type() != 117) return "error " + std::to_string(r.error());
    const size_t n = r.take(4);
    return std::string(r.b.begin() + 11, r.b.begin() + 11 + n);
  }

  std::unique_ptr<ShareFolder> folder_;
  std::unique_ptr<Virtio9p> server_;
  uint64_t root_ino_ = 0;
};

TEST_F(NinePTest, WalksOpensAndReads) {
  start();
  Parsed w = walk(2, {"sub", "deep.txt"});
  ASSERT_EQ(w.type(), 111);
  EXPECT_EQ(w.take(2), 2u);
  EXPECT_EQ(w.take(1), 0x80u);  // sub
  w.skip(12);
  EXPECT_EQ(w.take(1), 0u);  // deep.txt, a file
  w.take(4);
  struct stat st;
  ASSERT_EQ(stat((root_ / "sub" / "deep.txt").c_str(), &st), 0);
  EXPECT_EQ(w.take(8), st.st_ino);
  EXPECT_EQ(lopen(2, 0), 0u);
  EXPECT_EQ(read(2), "deep");
  EXPECT_EQ(send(Msg(120).u32(2)).type(), 121);  // Rclunk
  EXPECT_EQ(send(Msg(120).u32(2)).error(), static_cast<uint32_t>(EBADF));
}

TEST_F(NinePTest, DotDotStopsAtTheFolder) {
  start();
  Parsed w = walk(2, {"..", "..", ".."});
  ASSERT_EQ(w.type(), 111);
  EXPECT_EQ(w.take(2), 3u);
  w.skip(13 * 2 + 5);
  EXPECT_EQ(w.take(8), root_ino_);  // still the shared folder
  // And the secret beside the folder is not there.
  EXPECT_EQ(walk(3, {"..", "secret.txt"}).error(), 0u);  // partial walk: one qid, no fid
  EXPECT_EQ(lopen(3, 0), static_cast<uint32_t>(EBADF));
  EXPECT_EQ(walk(4, {"sub/../../secret.txt"}).error(), static_cast<uint32_t>(ENOENT));
}

TEST_F(NinePTest, SymlinksAreReadNotFollowed) {
  start();
  Parsed w = walk(2, {"escape"});
  ASSERT_EQ(w.type(), 111);
  w.take(2);
  EXPECT_EQ(w.take(1), 0x02u);  // qid type symlink
  EXPECT_EQ(lopen(2, 0), static_cast<uint32_t>(ELOOP));
  Parsed link = send(Msg(22).u32(2));
  ASSERT_EQ(link.type(), 23);
  EXPECT_EQ(link.str(), "../secret.txt");
  // Through /etc: one step (the link itself), then nothing.
  Parsed e = walk(3, {"etc", "passwd"});
  ASSERT_EQ(e.type(), 111);
  EXPECT_EQ(e.take(2), 1u);
  EXPECT_EQ(lopen(3, 0), static_cast<uint32_t>(EBADF));
}

TEST_F(NinePTest, CreatesWritesAndRenames) {
  start();
  ASSERT_EQ(walk(2, {}).type(), 111);                                         // clone the root
  Parsed c = send(Msg(14).u32(2).str("new.txt").u32(0102).u32(0644).u32(0));  // O_RDWR|O_CREAT
  ASSERT_EQ(c.type(), 15);
  Msg write(118);
  write.u32(2).u64(0).u32(5);
  for (char ch : std::string("hello")) write.u8(static_cast<uint8_t>(ch));
  Parsed r = send(write);
  ASSERT_EQ(r.type(), 119);
  EXPECT_EQ(r.take(4), 5u);
  EXPECT_EQ(slurp(root_ / "new.txt"), "hello");
  EXPECT_EQ((fs::status(root_ / "new.txt").permissions() & fs::perms::all), fs::perms(0644));
  EXPECT_EQ(send(Msg(72).u32(1).str("dir").u32(0755).u32(0)).type(), 73);  // Rmkdir
  EXPECT_EQ(send(Msg(74).u32(1).str("new.txt").u32(1).str("moved.txt")).type(), 75);
  EXPECT_EQ(slurp(root_ / "moved.txt"), "hello");
  EXPECT_EQ(read(2), "hello");  // the open file followed the rename
  EXPECT_EQ(send(Msg(76).u32(1).str("dir").u32(0x200)).type(), 77);
  EXPECT_FALSE(fs::exists(root_ / "dir"));
  // Names with a slash or ".." create nothing.
  ASSERT_EQ(walk(3, {}).type(), 111);
  EXPECT_EQ(send(Msg(14).u32(3).str("../out.txt").u32(0102).u32(0644).u32(0)).error(),
            static_cast<uint32_t>(EINVAL));
  EXPECT_EQ(send(Msg(72).u32(1).str("..").u32(0755).u32(0)).error(), static_cast<uint32_t>(EINVAL));
  EXPECT_FALSE(fs::exists(top_ / "out.txt"));
}

TEST_F(NinePTest, ReadOnlyShareRefusesChanges) {
  start(true);
  ASSERT_EQ(walk(2, {"inside.txt"}).type(), 111);
  EXPECT_EQ(lopen(2, 1), static_cast<uint32_t>(EROFS));  // O_WRONLY
  EXPECT_EQ(lopen(2, 0), 0u);
  EXPECT_EQ(read(2), "inside");
  Msg write(118);
  write.u32(2).u64(0).u32(1).u8('x');
  EXPECT_EQ(send(write).error(), static_cast<uint32_t>(EROFS));
  ASSERT_EQ(walk(3, {}).type(), 111);
  EXPECT_EQ(send(Msg(14).u32(3).str("new.txt").u32(0102).u32(0644).u32(0)).error(),
            static_cast<uint32_t>(EROFS));
  EXPECT_EQ(send(Msg(72).u32(1).str("dir").u32(0755).u32(0)).error(), static_cast<uint32_t>(EROFS));
  EXPECT_EQ(send(Msg(76).u32(1).str("inside.txt").u32(0)).error(), static_cast<uint32_t>(EROFS));
  EXPECT_EQ(send(Msg(16).u32(1).str("l").str("x").u32(0)).error(), static_cast<uint32_t>(EROFS));
  EXPECT_EQ(slurp(root_ / "inside.txt"), "inside");
  EXPECT_FALSE(fs::exists(root_ / "new.txt"));
}

TEST_F(NinePTest, ListsAFolder) {
  start();
  ASSERT_EQ(walk(2, {"sub"}).type(), 111);
  ASSERT_EQ(lopen(2, 0), 0u);
  Parsed d = send(Msg(40).u32(2).u64(0).u32(4096));
  ASSERT_EQ(d.type(), 41);
  const size_t count = d.take(4);
  std::vector<std::string> names;
  while (d.at < 11 + count) {
    d.skip(13 + 8 + 1);
    names.push_back(d.str());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".", "..", "deep.txt"}));
}

TEST_F(NinePTest, BrokenMessagesGetAnErrorReply) {
  start();
  // Truncated Twalk, a size beyond the bytes, an unknown type: each answered with Rlerror.
  std::vector<uint8_t> walk_cut = Msg(110).u32(1).u32(2).u16(1).u16(50).done();
  EXPECT_EQ(Parsed{server_->serve(walk_cut, 8192)}.error(), static_cast<uint32_t>(EPROTO));
  std::vector<uint8_t> big = Msg(120).u32(1).done();
  big[0] = 0xff;
  EXPECT_EQ(Parsed{server_->serve(big, 8192)}.error(), static_cast<uint32_t>(EPROTO));
  EXPECT_EQ(send(Msg(200)).error(), static_cast<uint32_t>(EOPNOTSUPP));
  std::vector<uint8_t> tiny = {1, 0};
  EXPECT_EQ(Parsed{server_->serve(tiny, 8192)}.type(), 7);
}

}  // namespace
}  // namespace microvm::devices
