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
import os, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import (VIRTIO_DISK, VIRTIO_NET, Tap, boot_guests, build_path, guestcfg,
                      make_ext2, virtio_args)
import debian_guest

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
if not debian_guest.fetched(t):
    t.done()
work = tempfile.mkdtemp(prefix="debian-", dir=build_path())
initrd = debian_guest.make_initramfs(t, work)

for label, machine, cpu, vcpus in ROWS:
    with t.case("debian.t:36 %s" % ((label, machine, cpu, vcpus),)):
        disk = make_ext2(os.path.join(work, "disk.img"), {"hello.txt": b"hello from the host\n"})
        bootargs = ("console=ttyS0 earlycon=sbi expect_cpus=%d disk=/dev/vda net=10.0.2.15 suspend"
                    % vcpus)
        guest = guestcfg.Guest("debian", debian_guest.VMLINUX, cpus=vcpus,
                               memory=256 << 20, gpa=0x90000000, initrd=initrd, bootargs=bootargs,
                               wakeup_ms=200,
                               devices=["/soc/serial@10000000", VIRTIO_DISK, VIRTIO_NET])
        run = boot_guests([guest], smp=vcpus, mem="1G", machine=machine, cpu=cpu, timeout=400,
                          qemu_extra=virtio_args(disk=disk, net=True))
        debian_guest.check_run(t, label, run, "debian")
t.done()
