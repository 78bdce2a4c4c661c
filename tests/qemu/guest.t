#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The SBI test guest (tests/guests/sbitest.c) booted from the firmware under
# the monitor, with Sstc and without, on 1 and 4 harts: every subtest it
# prints must pass (SBI BASE/TIME/DBCN/SRST/legacy/sbivisor with good and bad
# arguments, its device tree, delegation, two reboots, 10,000 exits with all
# GPRs and FPRs intact), then its shutdown powers the system off.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, test_guest

t = Tap()
for cpu in ("rv64", "rv64,sstc=false"):
    for smp in (1, 4):
        label = "%s -smp %d" % (cpu, smp)
        run = boot_guests([test_guest(cpus=smp)], smp=smp, cpu=cpu)
        t.exited(run, "%s: QEMU exits by itself" % label)
        t.line(run, "monitor: guest sbitest: booting at 0x80200000, device tree at 0x83ff0000",
               "%s: the monitor boots the guest" % label)
        t.guest_tap(run, label)
        t.line(run, "guest: done", "%s: the guest finished" % label)
        t.line(run, "monitor: guest sbitest: shut down", "%s: SRST shutdown ends the guest" % label)
        t.line(run, "monitor: no guest left; powering off",
               "%s: the last guest's end powers the system off" % label)
        t.no_line_starting(run, "monitor: error", "%s: no monitor error" % label)
t.done()
