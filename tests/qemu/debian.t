#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Debian trixie's own kernel as a guest (`make debian`: its linux-image and
# busybox-static for riscv64, as Debian ships them), with an initramfs made
# here (scripts/initramfs.py: busybox, tests/debian/init.sh, the package's
# own virtio and ext4 modules). The UART, a virtio disk and a virtio
# network card are passed through. The init prints TAP: the CPUs, each one
# offline and online, every cpuidle state used, suspend to RAM, the disk
# read and written, a ping, a clean dmesg; then a reboot, which the second
# boot tells from a file on the disk, and power-off. On the PLIC with 1, 2
# and 4 vCPUs, AIA guest files (2, 4) and software files, and QEMU's max
# and rva23s64 CPUs.
import os, re, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import (VIRTIO_DISK, VIRTIO_NET, REPO, Tap, boot_guests, build_path, guestcfg,
                      make_ext2, virtio_args)
import subprocess

DEBIAN = build_path("debian")
MODULES = "virtio_mmio,virtio_blk,virtio_net,crc32c_generic,ext4"
# Kernel messages that mean trouble, wherever they appear.
BAD = re.compile(r"Oops|BUG:|WARNING:|soft lockup|rcu_sched self-detected|[Kk]ernel panic|"
                 r"SBI error|sbi_err")
ROWS = [
    ("PLIC, 1 vCPU", "virt", "rv64", 1),
    ("PLIC, 2 vCPUs", "virt", "rv64", 2),
    ("PLIC, 4 vCPUs", "virt", "rv64", 4),
    ("AIA guest files, 2 vCPUs", "virt,aia=aplic-imsic,aia-guests=2", "rv64", 2),
    ("AIA guest files, 4 vCPUs", "virt,aia=aplic-imsic,aia-guests=4", "rv64", 4),
    ("AIA software files, 2 vCPUs", "virt,aia=aplic-imsic", "rv64", 2),
    ("max, AIA guest files, 2 vCPUs", "virt,aia=aplic-imsic,aia-guests=2", "max", 2),
    ("rva23s64, PLIC, 2 vCPUs", "virt", "rva23s64", 2),
]

t = Tap()
if not os.path.exists(os.path.join(DEBIAN, "vmlinux")):
    t.ok(False, "%s/vmlinux exists (make debian fetches it)" % DEBIAN)
    t.done()
with open(os.path.join(DEBIAN, "versions")) as f:
    t.diag("Debian packages: " + "; ".join(l.strip() for l in f))

work = tempfile.mkdtemp(prefix="debian-", dir=build_path())
initrd = os.path.join(work, "initrd.cpio")
made = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "initramfs.py"),
                       "--root", os.path.join(DEBIAN, "root"),
                       "--init", os.path.join(REPO, "tests", "debian", "init.sh"),
                       "--modules", MODULES, "--out", initrd],
                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
t.ok(made.returncode == 0, "initramfs: busybox, the init and the package's modules (%s)"
     % made.stdout.strip())


def boots(run):
    """The console split at each start of the init."""
    parts = []
    for line in run.lines:
        if line.startswith("debian-init: ") and "CPUs online" in line:
            parts.append([])
        if parts:
            parts[-1].append(line)
    return parts


for label, machine, cpu, vcpus in ROWS:
    disk = make_ext2(os.path.join(work, "disk.img"), {"hello.txt": b"hello from the host\n"})
    bootargs = ("console=ttyS0 earlycon=sbi expect_cpus=%d disk=/dev/vda net=10.0.2.15 suspend"
                % vcpus)
    guest = guestcfg.Guest("debian", os.path.join(DEBIAN, "vmlinux"), cpus=vcpus,
                           memory=256 << 20, gpa=0x90000000, initrd=initrd, bootargs=bootargs,
                           wakeup_ms=200,
                           devices=["/soc/serial@10000000", VIRTIO_DISK, VIRTIO_NET])
    run = boot_guests([guest], smp=vcpus, mem="1G", machine=machine, cpu=cpu, timeout=400,
                      qemu_extra=virtio_args(disk=disk, net=True))
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
    t.ok(not run.matching(r"monitor: guest debian vcpu .*"),
         "%s: no vCPU stopped by the monitor" % label, run)
t.done()
