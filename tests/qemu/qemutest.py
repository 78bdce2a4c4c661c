# SPDX-License-Identifier: BSD-2-Clause
"""Helpers for the QEMU tests: boot an image under a timeout, check lines, speak TAP.

Standard library only. Each *.t script in this folder is one TAP producer
that prove runs; paths come from SBIVISOR_BUILD (set by `make test`) or
default to the repository's build/ folder.
"""

import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("SBIVISOR_BUILD", os.path.join(REPO, "build"))
QEMU = os.environ.get("QEMU", "qemu-system-riscv64")

sys.path.insert(0, os.path.join(REPO, "scripts"))
import guestcfg  # noqa: E402  (scripts/guestcfg.py)

# Generous: a boot takes a second or two; a hang must still end.
DEFAULT_TIMEOUT = 120


def build_path(*parts):
    return os.path.join(BUILD, *parts)


class Run:
    """The outcome of one QEMU run."""

    def __init__(self, argv, output, returncode, timed_out):
        self.argv = argv
        self.output = output
        self.lines = [l.rstrip("\r") for l in output.splitlines()]
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


def qemu(*, bios, kernel=None, smp=1, mem="256M", cpu="rv64", machine="virt",
         extra=(), timeout=DEFAULT_TIMEOUT):
    argv = [QEMU] + guestcfg.machine_args(machine, cpu, smp, mem) + \
        ["-nographic", "-no-reboot", "-bios", bios]
    if kernel:
        argv += ["-kernel", kernel]
    argv += list(extra)
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=timeout)
        return Run(argv, proc.stdout.decode(errors="replace"), proc.returncode, False)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        return Run(argv, out, None, True)


def boot_guests(guests, *, smp=1, mem="512M", cpu="rv64", machine="virt",
                timeout=DEFAULT_TIMEOUT):
    """Boot build/firmware.bin with `guests` (guestcfg.Guest) configured."""
    with tempfile.TemporaryDirectory(prefix="guests-", dir=build_path()) as out:
        extra = guestcfg.build(out, guests, machine, cpu, smp, mem, QEMU)
        return qemu(bios=build_path("firmware.bin"), smp=smp, mem=mem, cpu=cpu,
                    machine=machine, extra=extra, timeout=timeout)


def test_guest(name="sbitest", high=False, **kw):
    """The SBI test guest (tests/guests/sbitest.c); `high`: linked at 0x90200000."""
    image = build_path("guests", "sbitest-high.bin" if high else "sbitest.bin")
    if high:
        kw.setdefault("gpa", 0x90000000)
    return guestcfg.Guest(name, image, **kw)


class Tap:
    """A TAP producer: ok/not ok lines, diagnostics, the plan at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

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
