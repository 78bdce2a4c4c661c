#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# A guest touching memory it was not given (the firmware's, the monitor's,
# another guest's, MMIO) is stopped with one line naming guest, vCPU, hart,
# cause, guest-physical address and sepc; other guests go on; when no guest
# is left the system powers off with the failure reason.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, test_guest

t = Tap()
FAULT = (r"monitor: guest %s vcpu 0 hart \d+: %s guest-page fault at gpa 0x%x, "
         r"sepc 0x[0-9a-f]+; guest stopped")
OFF_FAILED = "monitor: no guest left; powering off (system failure)"

cases = [
    # The guest's RAM is 0x90000000-0x93ffffff; these are host addresses.
    ("read=0x80000000", "load", 0x80000000, "the firmware's memory"),
    ("read=0x80100000", "load", 0x80100000, "the monitor's memory"),
    ("write=0x80040000", "store", 0x80040000, "the firmware's data"),
    ("write=0x10000000", "store", 0x10000000, "the UART it was not given"),
    ("read=0x94000000", "load", 0x94000000, "just past its RAM"),
]
for bootargs, access, gpa, what in cases:
    with t.case("guest_faults.t:24 %s" % ((bootargs, access, gpa, what),)):
        run = boot_guests([test_guest(high=True, bootargs=bootargs)], smp=2)
        t.exited(run, "%s: QEMU exits by itself" % what)
        t.match(run, FAULT % ("sbitest", access, gpa), "%s: the one-line reason" % what)
        t.ok(not run.matching(r"sbitest: (read|wrote) .*"),
             "%s: the access never completed" % what, run)
        t.line(run, OFF_FAILED, "%s: power-off with the failure reason" % what)

# A guest that shuts down with the system-failure reason.
run = boot_guests([test_guest(bootargs="fail")])
t.exited(run)
t.line(run, "monitor: guest sbitest: shut down (system failure)", "SRST shutdown, reason failure")
t.line(run, OFF_FAILED, "its reason reaches the power-off")

# Two guests: "bad" reads the host RAM that backs "good"; good runs on.
good = test_guest(name="good", harts=[1], host_memory=0x98000000)
bad = test_guest(name="bad", harts=[0], bootargs="read=0x98000000")
run = boot_guests([bad, good], smp=2)
t.exited(run, "two guests: QEMU exits by itself")
t.match(run, FAULT % ("bad", "load", 0x98000000), "two guests: bad is stopped")
t.guest_tap(run.guest("good"), "two guests: good")
t.line(run, "monitor: guest good: shut down", "two guests: good ends on its own")
t.line(run, OFF_FAILED, "two guests: power-off once both ended, with the failure")
t.done()
