#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Devices with their interrupts (docs/architecture.md, "Devices"): the
# device-interrupt test guest (tests/guests/irq.c) with the UART passed
# through checks the interrupt controller the monitor gives it (registers,
# widths, claim and complete, thresholds, a second vCPU, nonsense): a
# virtual PLIC on a PLIC machine; on an AIA machine a virtual APLIC and an
# IMSIC file per vCPU, the harts' guest files (aia-guests) or, when they
# run out, software files. On a hart of each vCPU's own, without Sstc, and
# with both vCPUs taking turns on one hart; each controller on QEMU's rv64,
# max and rva23s64 CPUs. A second guest asking for the same device is
# refused.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, build_path, guestcfg

UART = "/soc/serial@10000000"
t = Tap()


def irq_guest(name="irq", **kw):
    return guestcfg.Guest(name, build_path("guests", "irq.bin"), devices=[UART], **kw)


PLIC = "virt"
AIA = "virt,aia=aplic-imsic,aia-guests=%d"
SHARED = "\t\tshared-harts = <0>;"
for label, machine, cpus, smp, cpu, harts, extra, files in (
        ("PLIC, 1 vCPU", PLIC, 1, 1, "rv64", None, "", None),
        ("PLIC, 2 vCPUs", PLIC, 2, 2, "rv64", None, "", None),
        ("PLIC, 2 vCPUs, no Sstc", PLIC, 2, 2, "rv64,sstc=false", None, "", None),
        ("PLIC, 2 vCPUs on one hart", PLIC, 2, 1, "rv64", [0, 0], SHARED, None),
        ("AIA, 2 vCPUs, guest files", AIA % 2, 2, 2, "rv64", None, "", "guest file, guest file"),
        ("AIA, 2 vCPUs, guest files, no Sstc", AIA % 2, 2, 2, "rv64,sstc=false", None, "",
         "guest file, guest file"),
        ("AIA, 2 vCPUs, software files", AIA % 0, 2, 2, "rv64", None, "",
         "software file, software file"),
        ("AIA, 2 vCPUs on one hart, 2 guest files", AIA % 2, 2, 1, "rv64", [0, 0], SHARED,
         "guest file, guest file"),
        ("AIA, 2 vCPUs on one hart, 1 guest file", AIA % 1, 2, 1, "rv64", [0, 0], SHARED,
         "guest file, software file"),
        # The harts users have (Smstateen, Ssaia, vector): every interrupt
        # controller on QEMU's max and rva23s64 CPUs too.
        ("PLIC, 2 vCPUs, max", PLIC, 2, 2, "max", None, "", None),
        ("AIA, 2 vCPUs, guest files, max", AIA % 2, 2, 2, "max", None, "",
         "guest file, guest file"),
        ("AIA, 2 vCPUs, software files, max", AIA % 0, 2, 2, "max", None, "",
         "software file, software file"),
        ("PLIC, 2 vCPUs, rva23s64", PLIC, 2, 2, "rva23s64", None, "", None),
        ("AIA, 2 vCPUs, guest files, rva23s64", AIA % 2, 2, 2, "rva23s64", None, "",
         "guest file, guest file"),
        ("AIA, 2 vCPUs, software files, rva23s64", AIA % 0, 2, 2, "rva23s64", None, "",
         "software file, software file")):
    with t.case("devices.t:28 %s" % ((label, machine, cpus, smp, cpu, harts, extra, files),)):
        run = boot_guests([irq_guest(cpus=cpus, harts=harts)], smp=smp, cpu=cpu,
                          machine=machine, sbivisor_extra=extra)
        t.exited(run, "%s: QEMU exits by itself" % label)
        if files is None:
            t.line(run, "monitor: interrupts: PLIC at 0xc000000, 95 sources",
                   "%s: the monitor drives the host PLIC" % label)
        else:
            t.line(run, "monitor: guest irq: AIA, APLIC at 0xd000000, IMSIC at 0x28000000: " + files,
                   "%s: each vCPU's interrupt file: %s" % (label, files))
        t.guest_tap(run, label)
        t.line(run, "guest: done", "%s: the guest reports done" % label)
        t.no_line_starting(run, "monitor: error", "%s: no monitor error" % label)

# One device, two guests: the second is refused, the first runs.
other = guestcfg.Guest("other", build_path("guests", "sbitest-high.bin"), gpa=0x90000000,
                       devices=[UART])
run = boot_guests([irq_guest(), other], smp=2)
t.line(run, "monitor: config: other: devices: %s is given to guest irq already; guest refused"
       % UART, "two guests, one device: the second is refused")
t.line(run, "guest: done", "two guests, one device: the first runs its tests")
t.done()
