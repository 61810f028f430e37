#include "core/socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "core/error.h"

namespace microvm {

int open_listener(const std::string& spec, const std::string& option) {
  if (spec.rfind("unix:", 0) == 0) {
    const std::string path = spec.substr(5);
    // Bound under a name of its own, then renamed into place once it listens: a client that waits
    // for the path to appear and then connects (as scripts and the e2e tests do) could otherwise
    // come between bind() and listen() and be refused.
    const std::string staging = path + "~";
    sockaddr_un addr{};
    if (path.empty() || staging.size() >= sizeof addr.sun_path)
      throw user_error("{}: the socket path must be 1 to {} characters", option, sizeof addr.sun_path - 2);
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, staging.c_str(), staging.size() + 1);
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw user_error("{}: cannot create a socket: {}", option, std::strerror(errno));
    struct stat st;
    if (lstat(path.c_str(), &st) == 0 && !S_ISSOCK(st.st_mode)) {
      close(fd);
      throw user_error("{}: {} exists and is not a socket", option, path);
    }
    if (lstat(staging.c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
      unlink(staging.c_str());  // an earlier run's
    // The socket is created with the umask applied: make it owner-only from the start.
    const mode_t old_mask = umask(0177);
    const bool bound = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    int err = errno;
    umask(old_mask);
    // rename() replaces a socket an earlier run left at `path`.
    if (bound && listen(fd, 1) == 0 && rename(staging.c_str(), path.c_str()) == 0) return fd;
    if (bound) {
      err = errno;
      unlink(staging.c_str());
    }
    close(fd);
    throw user_error("{}: cannot listen on {}: {}", option, path, std::strerror(err));
  }
  char* end = nullptr;
  errno = 0;
  const long port = std::strtol(spec.c_str(), &end, 10);
  if (spec.empty() || *end != '\0' || errno || port < 1 || port > 65535)
    throw user_error("{}: expected a TCP port (1-65535) or unix:PATH, got '{}'", option, spec);
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw user_error("{}: cannot create a socket: {}", option, std::strerror(errno));
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 1) != 0) {
    const int err = errno;
    close(fd);
    throw user_error("{}: cannot listen on 127.0.0.1:{}: {}", option, port, std::strerror(err));
  }
  return fd;
}

void close_listener(int fd, const std::string& spec) {
  if (fd < 0) return;
  close(fd);
  if (spec.rfind("unix:", 0) == 0) unlink(spec.substr(5).c_str());
}

bool write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace microvm
