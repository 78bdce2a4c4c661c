#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Several guests at once (docs/config-binding.md, docs/architecture.md):
#  1. 4 vCPUs of one guest on 1 hart: the test guest's whole suite, its
#     register patterns through >= 10,000 switches, IPIs and timers; Sstc
#     on and off.
#  2. Two guests taking turns on the same 2 harts: both suites pass, each
#     guest's lines prefixed with its name.
#  3. One guest reboots itself 10 times while another runs its suite.
#  4. Console input goes to one guest at a time; Ctrl-] passes it on.
#  5. The same dedicated hart twice, overlapping memory: refused by name.
#  6. last-guest-end = "keep-running": the system stays up and says so.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import (Console, Tap, boot_guests, build_path, guestcfg, qemu_argv,
                      test_guest)
import tempfile

t = Tap()


def shared(*harts):
    return "\t\tshared-harts = <%s>;" % " ".join(str(h) for h in harts)


# 1. Four vCPUs on one hart.
for cpu, label in (("rv64", "sstc"), ("rv64,sstc=false", "no sstc")):
    with t.case("guests.t:27 %s" % ((cpu, label),)):
        g = test_guest(cpus=4, harts=[0, 0, 0, 0], bootargs="yield stolen")
        run = boot_guests([g], smp=1, cpu=cpu, timeout=300, sbivisor_extra=shared(0))
        t.exited(run, "4 on 1 (%s): QEMU exits by itself" % label)
        t.line(run, "monitor: guest sbitest: 4 vCPUs on harts 0 0 0 0, RAM 0x80000000-0x83ffffff at host 0x9be00000, VMID 1",
               "4 on 1 (%s): all four vCPUs bound to hart 0" % label)
        t.guest_tap(run, "4 on 1 (%s)" % label)
        for l in run.matching(r"# \d+ timers on each.*"):
            t.diag("4 on 1 (%s): %s" % (label, l[2:]))
        sw = run.matching(r"# 2600 yields on each of 4 harts: \d+ switches onto their host harts")
        n = int(sw[0].split(": ")[1].split()[0]) if len(sw) == 1 else 0
        t.ok(n >= 10000, "4 on 1 (%s): the register patterns held through %d vCPU switches (>= 10000)"
             % (label, n), run)
        t.line(run, "monitor: no guest left; powering off", "4 on 1 (%s): ends cleanly" % label)

# 2. Two guests, each with 2 vCPUs, taking turns on harts 0 and 1.
a = test_guest(name="left", cpus=2, harts=[0, 1], bootargs="yield")
b = test_guest(name="right", cpus=2, harts=[0, 1], high=True, bootargs="yield")
run = boot_guests([a, b], smp=2, timeout=300, sbivisor_extra=shared(0, 1))
t.exited(run, "side by side: QEMU exits by itself")
t.line(run, 'monitor: console: 2 guests, their lines prefixed "[name] "; input goes to guest left (Ctrl-] passes it on)',
       "side by side: the monitor says how the console is shared")
for name in ("left", "right"):
    with t.case("guests.t:49 %s" % (name,)):
        t.guest_tap(run.guest(name), "side by side: " + name)
        t.line(run, "monitor: guest %s: shut down" % name, "side by side: %s ends cleanly" % name)
t.ok(not [l for l in run.lines if l.startswith(("ok ", "not ok ", "1.."))],
     "side by side: no guest line without its prefix", run)
t.line(run, "monitor: no guest left; powering off", "side by side: the last one's end powers off")
seeds = [run.guest(n).matching(r"sbitest: rng-seed \d+ bytes, first 0x[0-9a-f]+") for n in ("left", "right")]
t.ok(all(s and not s[0].startswith("sbitest: rng-seed 0 ") for s in seeds) and seeds[0][0] != seeds[1][0],
     "side by side: each guest gets its own share of the firmware's rng-seed (%s)"
     % "; ".join(s[0] if s else "none" for s in seeds), run)

# 3. Reboots beside a running guest, on dedicated harts.
rebooter = test_guest(name="rebooter", harts=[0], bootargs="reboots=0xa")
steady = test_guest(name="steady", cpus=2, harts=[1, 2], high=True)
run = boot_guests([rebooter, steady], smp=3, timeout=300)
t.exited(run, "reboots: QEMU exits by itself")
r = run.guest("rebooter")
t.ok(all(r.has_line("sbitest: reboot %d of 10" % i) for i in range(1, 11))
     and r.has_line("sbitest: rebooted 10 times"),
     "reboots: rebooter rebooted itself 10 times", run)
t.ok(len(run.matching(r"monitor: guest rebooter: booting at .*")) == 13,
     "reboots: the monitor booted it 13 times (10, then its suite's own 2)", run)
t.guest_tap(r, "reboots: rebooter after its reboots")
t.guest_tap(run.guest("steady"), "reboots: steady meanwhile")
t.ok(len(run.matching(r"monitor: guest steady: booting at.*")) == 3,
     "reboots: steady booted 3 times: once and its own suite's two reboots", run)

# 4. Console input: to one guest, then (Ctrl-]) to the other.
with tempfile.TemporaryDirectory(prefix="guests-", dir=build_path()) as out:
    one = test_guest(name="one", harts=[0], bootargs="echo")
    two = test_guest(name="two", harts=[1], high=True, bootargs="echo")
    extra = guestcfg.build(out, [one, two], smp=2, mem="512M")
    con = Console(qemu_argv(bios=build_path("firmware.bin"), smp=2, mem="512M", extra=extra))
    con.expect_all(['[%s] sbitest: echo: type lines, "quit" ends' % n for n in ("one", "two")])
    con.type("hello")
    got_one = con.expect('[one] sbitest: got "hello"')
    con.send(b"\x1d")
    switched = con.expect("monitor: console: input goes to guest two")
    con.type("world")
    got_two = con.expect('[two] sbitest: got "world"')
    con.type("quit")
    con.send(b"\x1d")
    con.type("quit")
    run = con.run(timeout=30)
t.ok(got_one, "input: typed text goes to the first guest", run)
t.ok(switched, "input: Ctrl-] passes it to the next, and the monitor says so", run)
t.ok(got_two and not run.guest("one").has_line('sbitest: got "world"'),
     "input: then only that guest gets what is typed", run)
t.exited(run, "input: both guests quit; QEMU exits by itself")

# 5. Refusals, each naming the field; the good guest boots regardless.
good = test_guest(name="good", harts=[0], bootargs="fail")
same_hart = test_guest(name="same-hart", harts=[0], high=True)
overlap = test_guest(name="overlap", harts=[1], host_memory=0x98000000)
good.host_memory = 0x98000000
run = boot_guests([good, same_hart, overlap], smp=2)
t.exited(run, "refusals: QEMU exits by itself")
t.line(run, "monitor: config: same-hart: harts: hart 0 runs guest good already and is not in shared-harts; guest refused",
       "refusals: a second guest on a dedicated hart")
t.line(run, "monitor: config: overlap: host-memory: 0x98000000-0x9bffffff overlaps the RAM of guest good (0x98000000-0x9bffffff); guest refused",
       "refusals: a guest over another's memory")
t.line(run, "monitor: guest good: shut down (system failure)", "refusals: the good guest ran")
run = boot_guests([test_guest(harts=[0])], smp=1, sbivisor_extra="\t\ttime-slice-us = <7>;")
t.line(run, "monitor: config: /chosen/sbivisor: time-slice-us: 7; want 100 to 1000000; every guest refused",
       "refusals: a bad system option refuses the configuration")

# 6. Staying up after the last guest.
run = boot_guests([test_guest(harts=[0], bootargs="fail")], smp=1, timeout=15,
                  sbivisor_extra='\t\tlast-guest-end = "keep-running";')
t.line(run, 'monitor: no guest left (a guest failed); staying up (last-guest-end = "keep-running")',
       "keep-running: the monitor says the last guest ended and stays up")
t.ok(run.timed_out, "keep-running: QEMU still runs until the test's timeout", run)
t.done()
