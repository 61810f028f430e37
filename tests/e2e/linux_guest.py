"""The Linux guest for end-to-end tests: ../shared/guests/linux (CI), or what guests/linux/build.sh
built (scripts/dev.sh test builds it when neither exists). A missing guest fails the test with
that advice; it is never skipped."""
import http.server
import os
import threading

from harness import linux_images, extended_linux_images


def require_linux():
    return linux_images()


def linux_args(cmdline, *extra):
    image, initramfs = require_linux()
    return ["run", "--kernel", image, "--initrd", initramfs, "--cmdline", cmdline] + list(extra)


def extended_linux_args(cmdline, *extra):
    """As linux_args, on the kernel guests/linux/build.sh builds (6.12: 9P, fbcon, perf, virtio-input, V)."""
    image, initramfs = extended_linux_images()
    return ["run", "--kernel", image, "--initrd", initramfs, "--cmdline", cmdline] + list(extra)


def serve_hello(folder):
    """An HTTP server on 127.0.0.1 (a free port) serving `folder`, where it writes hello.txt with a line
    naming this process: what the network tests fetch from the guest through 10.0.2.2. Returns
    (server, line); server.shutdown() stops it."""
    line = f"served by the host to pid {os.getpid()}"
    with open(os.path.join(folder, "hello.txt"), "w") as f:
        f.write(line + "\n")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=folder, **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, line
