#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Harts without the H extension: one clear error line, the system powers off
# through SBI SRST and QEMU exits by itself; no secondary hart is started.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, qemu, build_path

t = Tap()
for smp in (1, 2):
    with t.case("no_h.t:10 %s" % (smp,)):
        run = qemu(bios=build_path("firmware.bin"), smp=smp, cpu="rv64,h=false")
        label = "h=false -smp %d" % smp
        t.exited(run, "%s: QEMU exits by itself" % label)
        errors = run.lines_starting("monitor: error: ")
        t.ok(len(errors) == 1 and errors[0].startswith("monitor: error: hart ") and
             errors[0].endswith(" has no H extension: sbivisor cannot run guests without it"),
             "%s: one error line naming the missing H extension" % label, run)
        t.line(run, "monitor: hypervisor: h=no sstc=yes aia=no (all harts)",
               "%s: banner shows h=no" % label)
        t.ok(not [l for l in run.lines if l.startswith("monitor: hart ") and l.endswith(" online")],
             "%s: no secondary hart started" % label, run)
t.done()
