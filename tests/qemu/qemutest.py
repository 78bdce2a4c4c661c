# SPDX-License-Identifier: BSD-2-Clause
"""Helpers for the QEMU tests: boot an image under a timeout, check lines, speak TAP.

Standard library only. Each *.t script in this folder is one TAP producer
that prove runs; paths come from SBIVISOR_BUILD (set by `make test`) or
default to the repository's build/ folder.
"""

import contextlib
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("SBIVISOR_BUILD", os.path.join(REPO, "build"))
QEMU = os.environ.get("QEMU", "qemu-system-riscv64")

sys.path.insert(0, os.path.join(REPO, "scripts"))
import guestcfg  # noqa: E402  (scripts/guestcfg.py)

# A run is bounded by its progress: it is ended when it has printed
# nothing for `timeout` seconds (a hang), so that a slow boot on a busy
# machine goes on while it prints. Generous: a boot takes a second or two.
DEFAULT_TIMEOUT = 120
# And in all after this many times `timeout`: a guest printing in a loop.
TOTAL_FACTOR = 5


def build_path(*parts):
    return os.path.join(BUILD, *parts)


class Run:
    """The outcome of one QEMU run."""

    def __init__(self, argv, output, returncode, timed_out):
        self.argv = argv
        self.output = output
        # Consoles end lines with \r\n (some with \r\r\n): one line each.
        self.lines = output.replace("\r", "").split("\n")
        self.returncode = returncode
        self.timed_out = timed_out

    def has_line(self, line):
        return line in self.lines

    def lines_starting(self, prefix):
        return [l for l in self.lines if l.startswith(prefix)]

    def matching(self, pattern):
        rx = re.compile(pattern)
        return [l for l in self.lines if rx.fullmatch(l)]

    def tail(self, n=25):
        return "\n".join(self.lines[-n:])

    def guest(self, name):
        """What guest `name` printed, when several share the console: its
        lines, "[name] " taken off. The run's other facts stay."""
        prefix = "[%s] " % name
        sub = Run(self.argv, "", self.returncode, self.timed_out)
        sub.lines = [l[len(prefix):] for l in self.lines if l.startswith(prefix)]
        sub.output = "\n".join(sub.lines)
        return sub


def qemu_argv(*, bios, kernel=None, smp=1, mem="256M", cpu="rv64", machine="virt",
              extra=(), no_reboot=True):
    argv = [QEMU] + guestcfg.machine_args(machine, cpu, smp, mem) + \
        ["-nographic", "-bios", bios] + (["-no-reboot"] if no_reboot else [])
    if kernel:
        argv += ["-kernel", kernel]
    return argv + list(extra)


def run_with_progress(argv, timeout=DEFAULT_TIMEOUT, **popen):
    """Run `argv` to its end, its stdout and stderr as one transcript (a
    Run); ended (timed_out) after `timeout` seconds without output, or
    TOTAL_FACTOR times that in all."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, **popen)
    fd = proc.stdout.fileno()
    out = bytearray()
    start = last = time.monotonic()
    timed_out = False
    while True:
        left = min(last + timeout, start + TOTAL_FACTOR * timeout) - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        if not select.select([fd], [], [], left)[0]:
            continue
        data = os.read(fd, 65536)
        if not data:
            break
        out += data
        last = time.monotonic()
    if timed_out:
        proc.kill()
    rc = proc.wait()
    proc.stdout.close()
    return Run(argv, out.decode(errors="replace"), None if timed_out else rc, timed_out)


def qemu(*, timeout=DEFAULT_TIMEOUT, **kw):
    """Run QEMU to its end, bounded by its progress (run_with_progress);
    see qemu_argv for the rest."""
    return run_with_progress(qemu_argv(**kw), timeout)


def boot_guests(guests, *, smp=1, mem="512M", cpu="rv64", machine="virt",
                timeout=DEFAULT_TIMEOUT, sbivisor_extra="", qemu_extra=(),
                stage_offset=guestcfg.STAGE_OFFSET):
    """Boot build/firmware.bin with `guests` (guestcfg.Guest) configured;
    `qemu_extra`: more QEMU arguments (devices, say)."""
    with tempfile.TemporaryDirectory(prefix="guests-", dir=build_path()) as out:
        extra = guestcfg.build(out, guests, machine, cpu, smp, mem, QEMU, sbivisor_extra,
                               stage_offset)
        return qemu(bios=build_path("firmware.bin"), smp=smp, mem=mem, cpu=cpu,
                    machine=machine, extra=extra + list(qemu_extra), timeout=timeout)


# The virtio-mmio slots of QEMU's virt machine take devices from the top:
# the first -device lands at 0x10008000 (interrupt 8), the next below.
VIRTIO_DISK = "/soc/virtio_mmio@10008000"
VIRTIO_NET = "/soc/virtio_mmio@10007000"


def virtio_args(disk=None, net=False):
    """QEMU arguments for a virtio disk (a raw image) and a user-mode network
    card, in that order (VIRTIO_DISK, VIRTIO_NET)."""
    args = []
    if disk:
        args += ["-drive", "file=%s,if=none,format=raw,id=hd0",
                 "-device", "virtio-blk-device,drive=hd0"]
        args[1] %= disk
    if net:
        args += ["-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0"]
    return args


# Where make_ext2 puts the file system on a partitioned disk (sector 2048).
PARTITION_OFFSET = 1 << 20


def make_ext2(path, files, size_mb=8, partitioned=False):
    """An ext2 disk image holding `files` (name -> bytes, or a host path to
    copy; names may have folders), with mke2fs -d. `partitioned`: the file
    system is the disk's one partition (an MBR, bootable, type Linux), as
    firmware such as U-Boot's distro boot looks for."""
    with tempfile.TemporaryDirectory() as root:
        for name, data in files.items():
            dest = os.path.join(root, name)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if isinstance(data, bytes):
                with open(dest, "wb") as f:
                    f.write(data)
            else:
                shutil.copyfile(data, dest)
        mke2fs = shutil.which("mke2fs") or "/sbin/mke2fs"
        offset = PARTITION_OFFSET if partitioned else 0
        with open(path, "wb") as f:
            f.truncate(offset + (size_mb << 20))
        subprocess.run([mke2fs, "-q", "-F", "-t", "ext2", "-d", root,
                        "-E", "offset=%d" % offset, path, "%dM" % size_mb], check=True)
    if partitioned:
        sectors = (size_mb << 20) // 512
        # One entry: bootable, CHS unused (0xfe 0xff 0xff), type 0x83, LBA.
        entry = (bytes([0x80, 0xfe, 0xff, 0xff, 0x83, 0xfe, 0xff, 0xff]) +
                 (offset // 512).to_bytes(4, "little") + sectors.to_bytes(4, "little"))
        with open(path, "r+b") as f:
            f.seek(446)
            f.write(entry + bytes(48) + b"\x55\xaa")
    return path


def ext2_cat(path, name):
    """A file of an ext2 image, read on the host (debugfs), or None."""
    debugfs = shutil.which("debugfs") or "/sbin/debugfs"
    proc = subprocess.run([debugfs, "-R", "cat /" + name, path], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
    return proc.stdout if proc.returncode == 0 else None


class Console:
    """A QEMU run driven through its console: wait for text, type a line.

    For guests with an interactive prompt (U-Boot). Every wait is bounded
    by progress: it ends after its `timeout` seconds without output, and
    all of them by TOTAL_FACTOR times the console's `timeout`. run() gives
    the whole transcript as a Run for the usual checks.
    """

    def __init__(self, argv, timeout=DEFAULT_TIMEOUT):
        self.argv = argv
        self.deadline = time.monotonic() + TOTAL_FACTOR * timeout
        self.out = b""
        self.seen = 0           # expect() searches from here
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def _read(self, quiet):
        """Read what there is; False after `quiet` seconds without output
        (or past the deadline), or at the end."""
        until = min(self.deadline, time.monotonic() + quiet)
        ready, _, _ = select.select([self.proc.stdout], [], [],
                                    max(0, until - time.monotonic()))
        if not ready:
            return False
        data = os.read(self.proc.stdout.fileno(), 4096)
        self.out += data
        return bool(data)

    def expect(self, text, timeout=30):
        """Wait for `text` after what was matched before; False on timeout or exit."""
        want = text.encode()
        while want not in self.out[self.seen:]:
            if not self._read(timeout):
                return False
        self.seen = self.out.index(want, self.seen) + len(want)
        return True

    def expect_all(self, texts, timeout=30):
        """Wait until every one of `texts` was printed, in any order."""
        wants = [x.encode() for x in texts]
        while not all(w in self.out for w in wants):
            if not self._read(timeout):
                return False
        self.seen = max(self.out.index(w) + len(w) for w in wants)
        return True

    def type(self, line):
        """Type a line as a user would: one character at a time (the UART
        takes them as the guest reads them), then Enter."""
        for c in (line + "\r").encode():
            self.proc.stdin.write(bytes([c]))
            self.proc.stdin.flush()
            time.sleep(0.005)

    def send(self, data):
        """Raw bytes, a control key say."""
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def run(self, timeout=30):
        """Wait for QEMU to exit by itself; the transcript as a Run."""
        while self._read(timeout):
            pass
        try:
            rc = self.proc.wait(timeout=max(0.1, min(timeout, self.deadline - time.monotonic())))
            timed_out = False
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc, timed_out = None, True
        return Run(self.argv, self.out.decode(errors="replace"), rc, timed_out)


def test_guest(name="sbitest", high=False, **kw):
    """The SBI test guest (tests/guests/sbitest.c); `high`: linked at 0x90200000."""
    image = build_path("guests", "sbitest-high.bin" if high else "sbitest.bin")
    if high:
        kw.setdefault("gpa", 0x90000000)
    return guestcfg.Guest(name, image, **kw)


INITRD_MAGIC = b"sbivisor initrd\n"


def write_initrd(path):
    """An initrd the test guest recognises: its magic, then 16 KiB."""
    with open(path, "wb") as f:
        f.write(INITRD_MAGIC + bytes(range(256)) * 64)
    return path


def write_given_dtb(path, memory=0x80000000, size=0x4000000):
    """A guest's own device tree (its `dtb`), model "given-tree": one hart
    and RAM at `memory`. Compiled with dtc; returns `path`."""
    dts = path + ".dts"
    with open(dts, "w") as f:
        f.write("""/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	model = "given-tree";
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
		timebase-frequency = <10000000>;
		cpu@0 {
			device_type = "cpu";
			reg = <0>;
			riscv,isa = "rv64imafdc_zicsr_zifencei_sstc";
			riscv,isa-extensions = "i", "m", "a", "f", "d", "c", "zicsr", "zifencei", "sstc";
		};
	};
	memory@%x {
		device_type = "memory";
		reg = <0x0 0x%x 0x0 0x%x>;
	};
};
""" % (memory, memory, size))
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", path, dts], check=True)
    return path


class Tap:
    """A TAP producer: ok/not ok lines, diagnostics, the plan at the end.

    Cases are independent: an exception inside `with t.case(name)` is one
    failure and the script goes on with the next case; one anywhere else
    still ends in a failure and the plan, so prove counts what ran."""

    def __init__(self):
        self.count = 0
        self.failed = 0
        sys.excepthook = self._uncaught

    def _uncaught(self, kind, value, tb):
        self.ok(False, "the test script itself: %s: %s" % (kind.__name__, value))
        self.diag("".join(traceback.format_exception(kind, value, tb)))
        print("1..%d" % self.count)
        sys.stdout.flush()

    @contextlib.contextmanager
    def case(self, name):
        """One case of a table: an exception in it fails it, not the rest."""
        try:
            yield
        except Exception as e:  # noqa: BLE001: any failure of one case
            self.ok(False, "%s: %s: %s" % (name, type(e).__name__, e))
            self.diag(traceback.format_exc())

    def ok(self, cond, name, run=None):
        self.count += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.count, name))
        if not cond:
            self.failed += 1
            if run is not None:
                self.diag("command: " + " ".join(run.argv))
                self.diag("timed out" if run.timed_out else
                          "exit status %s" % run.returncode)
                self.diag("last lines of output:\n" + run.tail())
        sys.stdout.flush()
        return cond

    def line(self, run, line, name=None):
        return self.ok(run.has_line(line), name or "prints %r" % line, run)

    def match(self, run, pattern, name=None):
        return self.ok(len(run.matching(pattern)) == 1,
                       name or "prints one line matching %r" % pattern, run)

    def no_line_starting(self, run, prefix, name=None):
        bad = run.lines_starting(prefix)
        ok = self.ok(not bad, name or "prints no %r line" % prefix, run)
        if bad:
            self.diag("unexpected: %r" % bad[0])
        return ok

    def exited(self, run, name="QEMU exits by itself"):
        return self.ok(not run.timed_out and run.returncode == 0, name, run)

    def guest_tap(self, run, label):
        """Re-tell a guest's TAP lines as our own; check its plan and count."""
        results = run.matching(r"(not )?ok \d+( - .*| # skip .*)?")
        plans = run.matching(r"1\.\.\d+")
        for l in results:
            ok = l.startswith("ok ")
            text = l.split(" - ", 1)[1] if " - " in l else l.split(" # ", 1)[1]
            self.ok(ok, "%s: %s" % (label, text), None if ok else run)
        planned = int(plans[0][3:]) if len(plans) == 1 else -1
        self.ok(planned > 0 and planned == len(results),
                "%s: the guest ran all %d planned subtests (ran %d)"
                % (label, planned, len(results)), run)

    def diag(self, text):
        for l in text.splitlines():
            print("# " + l)

    def done(self):
        print("1..%d" % self.count)
        sys.exit(1 if self.failed else 0)
