#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Devices with their interrupts (docs/architecture.md, "Devices"): the
# device-interrupt test guest (tests/guests/irq.c) with the UART passed
# through checks the virtual PLIC the monitor gives it (registers, widths,
# claim and complete, thresholds, a second vCPU, nonsense), on a hart of
# each vCPU's own, without Sstc, and with both vCPUs taking turns on one
# hart. A second guest asking for the same device is refused.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, build_path, guestcfg

UART = "/soc/serial@10000000"
t = Tap()


def irq_guest(name="irq", **kw):
    return guestcfg.Guest(name, build_path("guests", "irq.bin"), devices=[UART], **kw)


for label, cpus, smp, cpu, harts, extra in (
        ("PLIC, 1 vCPU", 1, 1, "rv64", None, ""),
        ("PLIC, 2 vCPUs", 2, 2, "rv64", None, ""),
        ("PLIC, 2 vCPUs, no Sstc", 2, 2, "rv64,sstc=false", None, ""),
        ("PLIC, 2 vCPUs on one hart", 2, 1, "rv64", [0, 0], "\t\tshared-harts = <0>;")):
    run = boot_guests([irq_guest(cpus=cpus, harts=harts)], smp=smp, cpu=cpu,
                      sbivisor_extra=extra)
    t.exited(run, "%s: QEMU exits by itself" % label)
    t.line(run, "monitor: interrupts: PLIC at 0xc000000, 95 sources",
           "%s: the monitor drives the host PLIC" % label)
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
