#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Guest configurations with one fault each are refused at boot with a line
# naming the node and the field (docs/config-binding.md); the good guest
# beside them still boots; with no good guest the system powers off.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, build_path, test_guest

t = Tap()
size = os.path.getsize(build_path("guests", "sbitest.bin"))
refused = "monitor: config: %s: %s; guest refused"

good = test_guest(name="good", harts=[0], bootargs="fail")
bad = [
    (test_guest(name="no-memory", omit=["memory"]), "memory: missing"),
    (test_guest(name="no-kernel", omit=["kernel"]), "kernel: missing"),
    (test_guest(name="too-many-vcpus", cpus=3), "cpus: 3 vCPUs but only 1 free harts"),
    (test_guest(name="hart-taken", harts=[0]), "harts: hart 0 runs guest good already and is not in shared-harts"),
    (test_guest(name="no-such-hart", harts=[7]), "harts: no hart 7 in /cpus"),
    (test_guest(name="kernel-outside", memory=32 << 20, kernel_addr=0x90000000),
     "kernel-addr: kernel at 0x90000000 (%d bytes) lies outside memory 0x80000000-0x81ffffff" % size),
    # The firmware and the monitor share the first 2 MiB of RAM.
    (test_guest(name="on-firmware", memory=32 << 20, host_memory=0x80000000),
     "host-memory: 0x80000000-0x81ffffff overlaps reserved memory mmode_resv1@80000000 "
     "(0x80000000-0x8003ffff)"),
]
run = boot_guests([good] + [g for g, _ in bad], smp=2)
t.exited(run)
for g, message in bad:
    with t.case("config.t:30 %s" % ((g, message),)):
        lines = run.lines_starting("monitor: config: %s: " % g.name)
        want = refused % (g.name, message)
        t.ok(len(lines) == 1 and lines[0] == want,
             "%s is refused: %s" % (g.name, message), run)
t.line(run, "monitor: guest good: booting at 0x80200000, device tree at 0x83ff0000",
       "the good guest still boots")
t.line(run, "monitor: guest good: shut down (system failure)", "and runs to its end")

# More guests than the monitor keeps: the ninth is refused, by name.
many = [test_guest(name="g%d" % i, harts=[i % 2]) for i in range(9)]
run = boot_guests(many, smp=2)
t.line(run, refused % ("g8", "more than 8 guests"), "a ninth guest is refused")

# Only refused guests: nothing to run, the system powers off with a failure.
run = boot_guests([test_guest(name="lonely", omit=["kernel"])])
t.exited(run)
t.line(run, refused % ("lonely", "kernel: missing"), "its refusal")
t.line(run, "monitor: no guest to run; powering off", "no guest: power-off")
t.done()
