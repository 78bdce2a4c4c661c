#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The SBI test guest (tests/guests/sbitest.c) booted from the firmware under
# the monitor, with Sstc and without, on 1 and 4 harts, on QEMU's rv64, max
# and rva23s64 CPUs: every subtest it
# prints must pass (SBI BASE/TIME/DBCN/SRST/legacy/sbivisor with good and bad
# arguments, its device tree, delegation, two reboots, 10,000 exits with all
# GPRs and FPRs intact), then its shutdown powers the system off.
import os, shutil, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import (REPO, Tap, boot_guests, build_path, run_with_progress, test_guest,
                      write_given_dtb, write_initrd)

t = Tap()

# The README's `make run`: the test guest from firmware, all subtests ok.
run = run_with_progress(["make", "-s", "--no-print-directory", "-C", REPO, "run", "SMP=2"])
t.exited(run, "make run: ends by itself")
t.guest_tap(run, "make run")
t.line(run, "monitor: no guest left; powering off", "make run: the guest's shutdown powers off")

# And on QEMU's max and rva23s64 CPUs (Smstateen, vector, RVA23).
for cpu, smps in (("rv64", (1, 4)), ("rv64,sstc=false", (1, 4)), ("max", (4,)),
                  ("rva23s64", (4,))):
    with t.case("guest.t:23 %s" % ((cpu, smps),)):
        for smp in smps:
            label = "%s -smp %d" % (cpu, smp)
            run = boot_guests([test_guest(cpus=smp)], smp=smp, cpu=cpu)
            t.exited(run, "%s: QEMU exits by itself" % label)
            t.line(run, "monitor: guest sbitest: booting at 0x80200000, device tree at 0x83ff0000",
                   "%s: the monitor boots the guest" % label)
            t.guest_tap(run, label)
            t.line(run, "guest: done", "%s: the guest finished" % label)
            t.line(run, "monitor: guest sbitest: suspended to RAM", "%s: SUSP suspends the guest" % label)
            t.line(run, "monitor: guest sbitest: resumed", "%s: and its timer resumes it" % label)
            t.line(run, "monitor: guest sbitest: shut down", "%s: SRST shutdown ends the guest" % label)
            t.line(run, "monitor: no guest left; powering off",
                   "%s: the last guest's end powers the system off" % label)
            t.no_line_starting(run, "monitor: error", "%s: no monitor error" % label)
# With an initrd and a device tree of the configuration's own.
tmp = tempfile.mkdtemp(dir=build_path())
initrd = write_initrd(os.path.join(tmp, "initrd"))
dtb = write_given_dtb(os.path.join(tmp, "given.dtb"))
for label, given in (("generated tree + initrd", None), ("given tree + initrd", dtb)):
    with t.case("guest.t:43 %s" % ((label, given),)):
        run = boot_guests([test_guest(initrd=initrd, dtb=given, bootargs="console=hvc0")])
        t.exited(run, "%s: QEMU exits by itself" % label)
        t.line(run, 'sbitest: device tree model "%s"' % ("given-tree" if given else "sbitest"),
               "%s: the guest has the tree it should" % label)
        t.guest_tap(run, label)
        t.ok(any("initrd: %d bytes at " % os.path.getsize(initrd) in l for l in run.lines),
             "%s: the initrd is named in /chosen and copied" % label, run)
shutil.rmtree(tmp)
t.done()
