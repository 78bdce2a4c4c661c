#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# U-Boot S-mode from Debian's u-boot-qemu as a guest: the monitor passes the
# virt machine's UART through to it (`devices`, docs/config-binding.md). It
# must reach its prompt, its `sbi` command must list what the monitor
# serves (and nothing it does not), `reset` must reboot the guest and
# `poweroff` end it, after which the monitor powers the machine off. Then
# its distro boot: Debian's kernel from a virtio disk, nobody typing.
import os, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import (VIRTIO_DISK, Console, Tap, boot_guests, build_path, guestcfg,
                      make_ext2, qemu_argv, virtio_args)
import debian_guest

UBOOT = os.environ.get("UBOOT_SMODE", "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin")
UART = "/soc/serial@10000000"
PROMPT = "=> "
# What U-Boot 2023.01's `sbi` names, for the extensions the monitor serves.
SERVED = ["Set Timer", "Console Putchar", "Console Getchar", "System Shutdown",
          "Clear IPI", "Send IPI", "Remote FENCE.I", "Remote SFENCE.VMA",
          "SBI Base Functionality", "Timer Extension", "IPI Extension",
          "RFENCE Extension", "Hart State Management Extension", "System Reset Extension"]
# And for those it does not (PMU, not yet): probe must say 0.
NOT_SERVED = ["Performance Monitoring Unit Extension"]

t = Tap()
if not os.path.exists(UBOOT):
    t.ok(False, "%s exists (package u-boot-qemu, installed by make setup)" % UBOOT)
    t.done()


def to_prompt(con):
    """From power-on to U-Boot's prompt: a key stops the autoboot countdown."""
    if not con.expect("Hit any key to stop autoboot", 60):
        return False
    con.type("")
    return con.expect(PROMPT)


with tempfile.TemporaryDirectory(prefix="guests-", dir=build_path()) as out:
    guest = guestcfg.Guest("uboot", UBOOT, cpus=1, memory=128 << 20,
                           devices=[UART])
    extra = guestcfg.build(out, [guest], smp=1, mem="512M")
    con = Console(qemu_argv(bios=build_path("firmware.bin"), smp=1, mem="512M", extra=extra))
    steps = [("reaches its prompt", lambda: to_prompt(con))]
    steps.append(("`sbi` runs", lambda: (con.type("sbi"), con.expect(PROMPT))[1]))
    mark = {}
    steps.append(("`reset` reboots it to the prompt again",
                  lambda: (mark.setdefault("sbi_end", con.seen), con.type("reset"),
                           con.expect("resetting"), to_prompt(con))[3]))
    steps.append(("`poweroff` is typed", lambda: (con.type("poweroff"), True)[1]))
    passed = True
    for name, step in steps:
        passed = passed and bool(step())
        t.ok(passed, "U-Boot " + name)
    run = con.run()

t.exited(run, "QEMU exits by itself after poweroff")
# Its banner, whichever Debian U-Boot it is ("U-Boot 2023.01+dfsg-2...").
banners = run.matching(r"U-Boot \d{4}\.\d{2}\S* \(.*\)")
t.ok(len(banners) == 2, "U-Boot booted twice (power-on and reset)", run)
t.line(run, "monitor: guest uboot: rebooting", "the monitor rebooted the guest on `reset`")
t.line(run, "monitor: guest uboot: shut down", "the guest shut down on `poweroff`")
t.line(run, "monitor: no guest left; powering off")
sbi = run.output[run.output.find("=> sbi"):mark.get("sbi_end", 0)]
sbi_lines = [l.strip() for l in sbi.replace("\r", "").split("\n")]
t.ok(sbi.startswith("=> sbi") and "SBI 2.0" in sbi, "`sbi`: SBI 2.0", run)
# Our ID is not in U-Boot's table; its message then shows the spec version
# by mistake (cmd/riscv/sbi.c prints `ret`, not the ID), so only the text.
t.ok("Unknown implementation ID" in sbi, "`sbi`: not OpenSBI's implementation ID", run)
for name in SERVED:
    with t.case("uboot.t:70 %s" % (name,)):
        t.ok(name in sbi_lines, "`sbi` lists %s" % name, run)
for name in NOT_SERVED:
    with t.case("uboot.t:72 %s" % (name,)):
        t.ok(name not in sbi_lines, "`sbi` does not list %s" % name, run)
t.ok(not run.matching(r"monitor: guest uboot vcpu .*; guest stopped"),
     "no vCPU stopped by the monitor", run)

# Distro boot, as a board boots Debian: with nobody typing, U-Boot finds
# extlinux/extlinux.conf on the one partition of a passed-through virtio
# disk and boots Debian's own kernel and an initramfs from there. The
# guest's RAM starts at the base of memory, where this U-Boot is linked,
# and lies at its own host address for the disk's DMA: the monitor moves
# the blocks where the firmware, the monitor and the host tree live, and
# reserves them in the guest's tree (docs/config-binding.md). Debian's
# init checks the CPUs, hotplug, cpuidle, suspend and the disk (the boot
# partition itself), reboots, through U-Boot again, and powers off.
if not debian_guest.fetched(t):
    t.done()
with tempfile.TemporaryDirectory(prefix="uboot-distro-", dir=build_path()) as work:
    initrd = debian_guest.make_initramfs(t, work)
    extlinux = ("default debian\nlabel debian\n\tkernel /boot/vmlinux\n"
                "\tinitrd /boot/initrd.cpio\n"
                "\tappend console=ttyS0 earlycon=sbi expect_cpus=2 disk=/dev/vda1 suspend\n")
    disk = make_ext2(os.path.join(work, "disk.img"),
                     {"extlinux/extlinux.conf": extlinux.encode(),
                      "boot/vmlinux": debian_guest.VMLINUX, "boot/initrd.cpio": initrd,
                      "hello.txt": b"hello from the host\n"},
                     size_mb=96, partitioned=True)
    guest = guestcfg.Guest("uboot", UBOOT, cpus=2, memory=256 << 20, gpa=0x80000000,
                           wakeup_ms=200, devices=[UART, VIRTIO_DISK])
    # Images staged above the guest's RAM, which is at its own address.
    run = boot_guests([guest], smp=2, mem="1G", timeout=400, qemu_extra=virtio_args(disk=disk),
                      stage_offset=256 << 20)
label = "distro boot"
t.match(run, r"monitor: guest uboot: RAM 0x80000000-0x801fffff moved to host 0x[0-9a-f]+: .*",
        "%s: the firmware's and the monitor's blocks of the guest's RAM moved" % label)
t.ok(run.output.count("Found /extlinux/extlinux.conf") == 2,
     "%s: U-Boot found extlinux.conf on the virtio disk, at boot and after the reboot" % label,
     run)
t.ok(run.output.count("Retrieving file: /boot/vmlinux") == 2,
     "%s: U-Boot loaded the kernel from the disk, twice" % label, run)
debian_guest.check_run(t, label, run, "uboot")
t.done()
