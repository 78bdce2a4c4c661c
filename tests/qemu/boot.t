#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Boot build/firmware.bin on 1, 2, 4 and 8 harts: OpenSBI's banner names our
# platform and extension, the monitor's banner counts the harts, every
# secondary hart reports in, and the system powers off by itself.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, qemu, build_path

t = Tap()
firmware = build_path("firmware.bin")


def boot_hart(run):
    """OpenSBI's cold-boot hart is whichever hart gets there first."""
    for l in run.lines_starting("monitor: harts: "):
        return int(l.rsplit(" ", 1)[1].rstrip(")"))
    return None


def check_monitor_boot(run, harts, label):
    t.exited(run, "%s: QEMU exits by itself" % label)
    t.line(run, "sbivisor monitor v0.3.0", "%s: monitor banner" % label)
    boot = boot_hart(run)
    t.ok(boot is not None and 0 <= boot < harts,
         "%s: boot hart is one of the %d" % (label, harts), run)
    t.line(run, "monitor: harts: %d (boot hart %s)" % (harts, boot),
           "%s: banner counts %d harts" % (label, harts))
    t.line(run, "monitor: memory: 0x80000000-0x8fffffff (256 MiB)",
           "%s: memory from the device tree" % label)
    t.line(run, "monitor: timebase: 10000000 Hz", "%s: timebase" % label)
    online = sorted(int(l.split()[2]) for l in run.lines_starting("monitor: hart ")
                    if l.endswith(" online"))
    others = [h for h in range(harts) if h != boot]
    t.ok(online == others,
         "%s: every other hart reports online once (want %s, got %s)"
         % (label, others, online), run)
    t.line(run, "monitor: harts online: %d of %d" % (harts, harts),
           "%s: all %d harts online" % (label, harts))
    t.no_line_starting(run, "monitor: error", "%s: no error" % label)


for smp in (1, 2, 4, 8):
    with t.case("boot.t:43 %s" % (smp,)):
        run = qemu(bios=firmware, smp=smp)
        label = "firmware.bin -smp %d" % smp
        t.line(run, "Platform Name               : sbivisor (riscv-virtio,qemu)",
               "%s: OpenSBI banner names our platform" % label)
        t.line(run, "Platform HART Count         : %d" % smp,
               "%s: OpenSBI counts %d harts" % (label, smp))
        exts = run.lines_starting("Experimental SBI Extensions : ")
        t.ok(bool(exts) and "sbivsr" in exts[0].split(": ", 1)[1].split(","),
             "%s: banner lists the sbivsr extension" % label, run)
        t.line(run, "monitor: hypervisor: h=yes sstc=yes aia=no (all harts)",
               "%s: H and Sstc seen, no AIA" % label)
        check_monitor_boot(run, smp, label)

# AIA (APLIC + IMSIC) machine: the monitor sees Ssaia.
run = qemu(bios=firmware, smp=2, machine="virt,aia=aplic-imsic")
t.line(run, "monitor: hypervisor: h=yes sstc=yes aia=yes (all harts)",
       "virt,aia=aplic-imsic: AIA seen")
check_monitor_boot(run, 2, "virt,aia=aplic-imsic")

# The monitor loaded separately, behind build/fw_dynamic.bin (QEMU tells
# the firmware where -kernel put it).
run = qemu(bios=build_path("fw_dynamic.bin"), kernel=build_path("monitor.elf"), smp=4)
check_monitor_boot(run, 4, "fw_dynamic.bin + monitor.elf")

t.done()
