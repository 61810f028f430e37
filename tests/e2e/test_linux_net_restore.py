"""A Linux guest on user-mode networking, restored from a snapshot, sees its network card's link go
down and come back up (the host's side of the network is new: its connections are gone), and the
network works again. After the monitor's loadvm too the host's side is new: a host connection into
the guest through a forwarded port, open before it, is closed, and the port forwards again. Linux counts carrier changes in /sys/class/net/eth0/carrier_changes: the
restore adds exactly two (down, up); so does the monitor's loadvm of the same snapshot. Before and after, the guest fetches a file from an HTTP server
on the host's 127.0.0.1 through 10.0.2.2.

With --deterministic the link comes back after a delay in guest time, not host time: a restore
recorded with --record replays to the same end state (a delay in host time would bring the link
up at another instruction in the replay, and the replay would say the state differs)."""
import os
import re
import socket
import tempfile
import time
import urllib.request

from harness import Session, run, expect_exit, expect_lines, expect_regex, fail, free_port, passed
from linux_guest import linux_args, serve_hello
from monitor_client import MonitorSocket

ETH0 = "/sys/class/net/eth0"


def wait_for(session, pattern, timeout):
    """The match of `pattern` after what was consumed, or None after `timeout` s (the run goes on)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.compile(pattern, re.M).search(session.text(), session.position)
        if match:
            session.position = match.end()
            return match
        if session.proc.poll() is not None:
            break
        time.sleep(0.05)
    return None


def connect_into_guest(session, port):
    """A host connection to the guest's nc through the forwarded port, shown to carry a line."""
    session.send("nc -l -p 8080 & echo nc-$((1+2))-listening\n")
    session.expect(r"^nc-3-listening", timeout=60)
    for attempt in range(20):
        held = socket.create_connection(("127.0.0.1", port), timeout=60)
        held.sendall(f"held-{attempt * 7}-connection\n".encode())
        if wait_for(session, rf"held-{attempt * 7}-connection", 3):  # after the prompt
            return held
        held.close()  # nc was not listening yet: slirp met a reset
    session.kill()
    fail("the guest's nc never heard from the host:\n" + session.text()[-4000:])


def closed_by_peer(held, timeout):
    held.settimeout(timeout)
    try:
        return held.recv(100) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def talk_to_shell(session):
    """Input typed while the shell sets up its terminal can be dropped: ask until it answers."""
    for attempt in range(30):
        session.send(f"echo shell-$((100+{attempt}))-here\n")
        if wait_for(session, rf"^shell-{100 + attempt}-here", 3):
            return
    session.kill()
    fail("the shell never answered:\n" + session.text()[-4000:])


with tempfile.TemporaryDirectory() as tmp:
    server, content = serve_hello(tmp)
    fetch = f"wget -q -O - http://10.0.2.2:{server.server_address[1]}/hello.txt"
    snap = os.path.join(tmp, "net.snap")

    # Boot, get an address by DHCP, fetch the file; then Ctrl-A x stops the run and saves it.
    booted = Session(linux_args("console=ttyS0", "--net", "user", "--save-snapshot", snap, "--timeout-secs", "600"))
    booted.expect(r"MICROVM-GUEST: shell ready", timeout=400)
    talk_to_shell(booted)
    booted.send("ip link set lo up; ip link set eth0 up; udhcpc -i eth0 -n -q -t 5 >/dev/null 2>&1; "
                f"echo before-$(cat {ETH0}/carrier_changes)-$(cat {ETH0}/carrier)-$({fetch})-end\n")
    before = booted.expect(r"^before-(\d+)-(\d)-(.*)-end", timeout=120)
    if before.group(2) != "1" or before.group(3) != content:
        booted.kill()
        fail(f"before the snapshot: carrier {before.group(2)}, fetched {before.group(3)!r}")
    booted.send(b"\x01x")
    saved = booted.finish(timeout=120)
    expect_exit(saved, 0)
    expect_regex(saved, r"saved a snapshot to .*net\.snap", "stderr")

    # The restored guest: the link went down and up, and the host's server answers again. Then the
    # monitor's loadvm puts the same snapshot back (the guest's count too) and bounces it again.
    monitor = os.path.join(tmp, "monitor.sock")
    port = free_port()
    restored = Session(["run", "--load-snapshot", snap, "--monitor", "unix:" + monitor, "--net",
                        f"user,hostfwd=tcp:127.0.0.1:{port}-:8080", "--timeout-secs", "300"])
    afters = []
    for how in ("--load-snapshot", "loadvm"):
        if how == "loadvm":
            held = connect_into_guest(restored, port)
            reply = MonitorSocket(monitor).command(f"loadvm {snap}")
            if "loadvm: loaded" not in reply:
                restored.kill()
                fail(f"loadvm answered {reply!r}")
            # The guest no longer has this connection; a new network would not either.
            if not closed_by_peer(held, 30):
                restored.kill()
                fail("the host's connection into the guest stayed open across loadvm")
            held.close()
        talk_to_shell(restored)
        restored.send(f"sleep 1; echo after-$(cat {ETH0}/carrier_changes)-$(cat {ETH0}/carrier)-$({fetch})-end\n")
        afters.append((how, wait_for(restored, r"^after-(\d+)-(\d)-(.*)-end", 120)))
    # The forward listens again after loadvm.
    restored.send("mkdir -p /www; echo forwarded-$((20+22)) > /www/index.html; httpd -p 8080 -h /www; "
                  "echo httpd-$((1+1))-up\n")
    restored.expect(r"^httpd-2-up", timeout=60)
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=60).read().decode()
    except OSError as e:
        restored.kill()
        fail(f"after loadvm the forwarded port {port} did not answer: {e}")
    if body.strip() != "forwarded-42":
        restored.kill()
        fail(f"after loadvm the forwarded port served {body!r}")
    restored.send("poweroff -f\n")
    result = restored.finish(timeout=120)
    server.shutdown()
    for how, after in afters:
        if not after:
            fail(f"after {how} the guest did not answer", result)
        changes = int(after.group(1)) - int(before.group(1))
        if changes != 2:
            fail(f"{how} changed the carrier {changes} times, not 2 (down and up)", result)
        if after.group(2) != "1":
            fail(f"after {how} the carrier is {after.group(2)}, not 1", result)
        if after.group(3) != content:
            fail(f"after {how} the guest fetched {after.group(3)!r}, not {content!r}", result)
        print(f"carrier changes: {before.group(1)} before the snapshot, {after.group(1)} after {how}")
    expect_exit(result, 0)

    # Deterministic: boot, DHCP, stop and save; restore with --record, then replay that.
    snap = os.path.join(tmp, "det.snap")
    booted = Session(linux_args("console=ttyS0", "--deterministic", "--net", "user", "--save-snapshot", snap,
                                "--timeout-secs", "600"))
    booted.expect(r"MICROVM-GUEST: shell ready", timeout=400)
    talk_to_shell(booted)
    booted.send("ip link set lo up; ip link set eth0 up; udhcpc -i eth0 -n -q -t 5 >/dev/null 2>&1; "
                f"echo before-$(cat {ETH0}/carrier_changes)-end\n")
    before = booted.expect(r"^before-(\d+)-end", timeout=120)
    booted.send(b"\x01x")
    expect_exit(booted.finish(timeout=120), 0)
    record = os.path.join(tmp, "det.rec")
    typed = f"sleep 1; echo after-$(cat {ETH0}/carrier_changes)-$(cat {ETH0}/carrier)-end\npoweroff -f\n".encode()
    recorded = run(["run", "--load-snapshot", snap, "--record", record, "--timeout-secs", "300"], timeout=400,
                   stdin=typed)
    expect_exit(recorded, 0)
    expect_lines(recorded, [f"after-{int(before.group(1)) + 2}-1-end"])
    replayed = run(["run", "--load-snapshot", snap, "--replay", record, "--timeout-secs", "300"], timeout=400)
    expect_exit(replayed, 0)
    expect_regex(replayed, r"replayed \d+ inputs from .*det\.rec: the run ended at instruction \d+, guest time "
                 r"\d+ in the recorded state", "stderr")
    if replayed.stdout != recorded.stdout:
        fail("the replayed restore printed other bytes than the recorded one", replayed)
passed("a restored Linux guest sees its link go down and up, and reaches the host again; deterministic "
       "restores replay exactly")
