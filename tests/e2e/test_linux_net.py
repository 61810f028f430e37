"""Linux's virtio-net driver on user-mode networking: DHCP gives 10.0.2.15 and the guest fetches a
file from an HTTP server on the host's 127.0.0.1 through 10.0.2.2; then a host port forwarded with
hostfwd reaches a web server in the guest."""
import os
import select
import subprocess
import tempfile
import time
import urllib.request

from harness import MICROVM, run, fail, passed, expect_exit, expect_lines, free_port
from linux_guest import require_linux, linux_args, serve_hello

require_linux()


with tempfile.TemporaryDirectory() as tmp:
    server, content = serve_hello(tmp)
    port = server.server_address[1]

    r = run(linux_args(f"console=ttyS0 microvm.test=net microvm.port={port}", "--net", "user", "--timeout-secs",
                       "300"), timeout=400)
    server.shutdown()
    expect_exit(r, 0)
    expect_lines(r, [
        "MICROVM-GUEST: net begin",
        "MICROVM-GUEST: addr 10.0.2.15",
        f"MICROVM-GUEST: got {content}",
        "MICROVM-GUEST: net end",
        "MICROVM-GUEST: test net exit=0",
    ])

# hostfwd: the host connects to a forwarded port and reaches BusyBox httpd in the guest.
host_port = free_port()
proc = subprocess.Popen([MICROVM] + linux_args("console=ttyS0", "--net", f"user,hostfwd=tcp:127.0.0.1:{host_port}-:8080",
                                               "--timeout-secs", "300"),
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
output = b""


def wait_for(needle, timeout=240, must=True):
    """Reads the guest's output until `needle`; False (or a failure, with `must`) after `timeout` s."""
    global output
    deadline = time.time() + timeout
    while needle not in output:
        left = deadline - time.time()
        if left <= 0:
            if not must:
                return False
            proc.kill()
            fail(f"waiting for {needle!r}; the guest said:\n" + output.decode("utf-8", "replace")[-4000:])
        # select + os.read: a blocking read would outwait the deadline when the guest goes quiet.
        if not select.select([proc.stdout], [], [], min(left, 1.0))[0]:
            continue
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            proc.wait()
            fail(f"microvm ended (status {proc.returncode}) before {needle!r}:\n" + output.decode("utf-8", "replace"))
        output += chunk
    return True


wait_for(b"MICROVM-GUEST: shell ready")
# Input typed while the shell is still setting up its terminal can be dropped (a flush of the tty's
# queue), so ask it something until it answers, then give it the real work.
for attempt in range(30):
    proc.stdin.write(f"echo shell-$((100+{attempt}))-here\n".encode())
    proc.stdin.flush()
    if wait_for(f"shell-{100 + attempt}-here".encode(), timeout=3, must=False):
        break
else:
    proc.kill()
    fail("the shell never answered:\n" + output.decode("utf-8", "replace")[-4000:])
proc.stdin.write(b"ip link set lo up; ip link set eth0 up; udhcpc -i eth0 -n -q -t 5 >/dev/null 2>&1; "
                 b"mkdir -p /www; echo forwarded-$((20+22)) > /www/index.html; httpd -p 8080 -h /www; "
                 b"echo httpd-$((1+1))-up\n")
proc.stdin.flush()
wait_for(b"httpd-2-up")
try:
    body = urllib.request.urlopen(f"http://127.0.0.1:{host_port}/index.html", timeout=60).read().decode()
except OSError as e:
    proc.kill()
    fail(f"the forwarded port {host_port} did not answer: {e}")
proc.stdin.write(b"poweroff -f\n")
proc.stdin.close()
proc.wait(timeout=120)
if body.strip() != "forwarded-42":
    fail(f"the forwarded port served {body!r}")
passed("Linux on user-mode networking: DHCP, host HTTP through 10.0.2.2, hostfwd into the guest")
