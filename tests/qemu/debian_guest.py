# SPDX-License-Identifier: BSD-2-Clause
"""Debian's own kernel as a guest, for debian.t and uboot.t: the initramfs
(scripts/initramfs.py: busybox, tests/debian/init.sh, the package's own
modules) and the checks of a run whose init printed TAP, rebooted once
and powered off."""

import os
import re
import subprocess
import sys

from qemutest import REPO, build_path

DEBIAN = build_path("debian")
VMLINUX = os.path.join(DEBIAN, "vmlinux")
MODULES = "virtio_mmio,virtio_blk,virtio_net,crc32c_generic,ext4"
# Kernel messages that mean trouble, wherever they appear.
BAD = re.compile(r"Oops|BUG:|WARNING:|soft lockup|rcu_sched self-detected|[Kk]ernel panic|"
                 r"SBI error|sbi_err")


def fetched(t):
    """Whether `make debian` fetched the kernel; says which packages."""
    if not os.path.exists(VMLINUX):
        t.ok(False, "%s exists (make debian fetches it)" % VMLINUX)
        return False
    with open(os.path.join(DEBIAN, "versions")) as f:
        t.diag("Debian packages: " + "; ".join(l.strip() for l in f))
    return True


def make_initramfs(t, work):
    """The initramfs, made in `work`; one subtest. Returns its path."""
    initrd = os.path.join(work, "initrd.cpio")
    made = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "initramfs.py"),
                           "--root", os.path.join(DEBIAN, "root"),
                           "--init", os.path.join(REPO, "tests", "debian", "init.sh"),
                           "--modules", MODULES, "--out", initrd],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    t.ok(made.returncode == 0, "initramfs: busybox, the init and the package's modules (%s)"
         % made.stdout.strip())
    return initrd


def boots(run):
    """The console split at each start of the init."""
    parts = []
    for line in run.lines:
        if line.startswith("debian-init: ") and "CPUs online" in line:
            parts.append([])
        if parts:
            parts[-1].append(line)
    return parts


def check_run(t, label, run, guest):
    """The init's subtests, its reboot and second boot, a clean console."""
    t.exited(run, "%s: QEMU exits by itself (SRST power-off)" % label)
    parts = boots(run)
    t.ok(len(parts) == 2, "%s: the kernel booted twice (the reboot came back)" % label, run)
    if parts:
        first = parts[0]
        results = [l for l in first if re.fullmatch(r"(not )?ok \d+( - .*| # skip .*)", l)]
        for l in results:
            good = l.startswith("ok ")
            t.ok(good, "%s: %s" % (label, l.split(" - ", 1)[-1].split(" # ", 1)[-1]),
                 None if good else run)
        plans = [l for l in first if re.fullmatch(r"1\.\.\d+", l)]
        t.ok(len(plans) == 1 and int(plans[0][3:]) == len(results),
             "%s: the init ran all its subtests (%d)" % (label, len(results)), run)
        t.ok("debian-init: all passed" in first, "%s: the init reports all passed" % label, run)
    t.ok(len(parts) > 1 and "debian-init: second boot, after the reboot" in parts[1] and
         any(l.endswith(" - reboot: the first boot's file is on the disk") for l in parts[1]),
         "%s: the second boot found the first boot's file" % label, run)
    bad = [l for l in run.lines if l.startswith("[") and BAD.search(l)]
    t.ok(not bad, "%s: no oops, lockup or SBI complaint on the console" % label, run)
    for l in bad[:3]:
        t.diag("unexpected: " + l)
    t.ok(not run.matching(r"monitor: guest %s vcpu .*" % guest),
         "%s: no vCPU stopped by the monitor" % label, run)
