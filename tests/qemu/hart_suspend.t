#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The firmware's HART_SUSPEND (docs/sbi-extension.md), from HS-mode straight
# on the firmware: callee-saved GPRs, FPRs and HS/VS CSRs filled with
# patterns come back intact over 100 retentive and 100 non-retentive
# suspends woken by a timer (tests/guests/hsuspend.c prints the TAP).
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, qemu, build_path

t = Tap()
for cpu in ("rv64", "rv64,sstc=false"):
    with t.case("hart_suspend.t:12 %s" % (cpu,)):
        run = qemu(bios=build_path("fw_jump.bin"), kernel=build_path("guests", "hsuspend.elf"),
                   cpu=cpu)
        t.exited(run, "%s: QEMU exits by itself" % cpu)
        t.guest_tap(run, cpu)
        t.line(run, "guest: done", "%s: the program ran to its end" % cpu)
t.done()
