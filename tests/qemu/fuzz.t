#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Hostile guests (tests/guests/fuzz.c). A fresh seed each run, printed
# first: FUZZ_SEED=<seed> replays a failure; FUZZ_CALLS sets the count.
#  1. 10^5 random SBI calls, every CSR, an interrupt storm, then wild
#     accesses outside its RAM one per boot: each stops it with the
#     monitor's line naming the address, and restart-on-fault restarts it.
#  2. Without restart-on-fault the first wild access stops it for good and
#     the system powers off with the failure reason.
#  3. Isolation: the fuzzing guest also attacks the host RAM of a second
#     guest, which checks a MiB of its memory and its code all the while:
#     nothing of it changes, and it runs on after the attacker is done.
#  4. Given a device, its interrupt controller: random accesses of every
#     width to its PLIC or APLIC, random interrupt-file registers, stopei
#     and its IMSIC page; each carried out or faulting as hardware would,
#     on a PLIC machine and on AIA with a guest file and a software file.
import os, random, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, build_path, guestcfg

seed = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(1, 1 << 32))
calls = int(os.environ.get("FUZZ_CALLS", "100000"))
image = build_path("guests", "fuzz.bin")
GPA = 0x90000000        # fuzz.bin is linked there (like sbitest-high)
VICTIM_HPA = 0x98000000
VICTIM_SIZE = 64 << 20

t = Tap()
t.diag("seed %d (FUZZ_SEED=%d replays it), %d calls" % (seed, seed, calls))


def fuzz_guest(name, bootargs, restart=True, **kw):
    return guestcfg.Guest(name, image, cpus=1, gpa=GPA, bootargs=bootargs,
                          extra="\t\t\trestart-on-fault;" if restart else "", **kw)


def check_wild(run, name, action):
    """Each 'fuzz: wild k of n: <access> 0x<addr>' is followed by the monitor
    stopping the guest for that address; returns how many there were."""
    wild = re.compile(r"fuzz: wild (\d+) of (\d+): (load from|store to|jump to) (0x[0-9a-f]+) ")
    stop = re.compile(r"monitor: guest %s vcpu 0 hart \d+: (.*) at gpa (0x[0-9a-f]+), "
                      r"sepc 0x[0-9a-f]+; guest %s" % (re.escape(name), action))
    seen, total, bad = 0, None, []
    lines = run.lines
    prefix = "[%s] " % name     # when several guests share the console
    for i, line in enumerate(lines):
        m = wild.match(line[len(prefix):] if line.startswith(prefix) else line)
        if not m:
            continue
        seen += 1
        total = int(m.group(2))
        nxt = next((l for l in lines[i + 1:] if l.startswith("monitor: guest %s" % name)), "")
        s = stop.fullmatch(nxt)
        kind = {"load from": "load", "store to": "store", "jump to": "instruction"}[m.group(3)]
        if not s or s.group(2) != m.group(4) or not s.group(1).startswith(kind):
            bad.append("%s -> %r" % (line, nxt))
    for b in bad[:5]:
        t.diag("not stopped as expected: " + b)
    return seen, total, bad


# 1. The fuzzing guest alone, restarted after each wild access.
run = boot_guests([fuzz_guest("fuzz", "seed=%d calls=%d" % (seed, calls))], smp=1, timeout=600)
t.exited(run, "fuzz: QEMU exits by itself")
t.guest_tap(run, "fuzz")
made = run.matching(r"fuzz: calls \d+ errors.*")
t.ok(len(made) == 1, "fuzz: the guest made its calls (%s)" % (made[0][6:] if made else "none"), run)
seen, total, bad = check_wild(run, "fuzz", "restarting")
t.ok(total and seen == total and not bad,
     "fuzz: each of the %s wild accesses stopped the guest, with its address" % total, run)
t.line(run, "fuzz: all %s wild accesses stopped the guest" % total,
       "fuzz: restart-on-fault brought it back each time, to its end")
t.line(run, "monitor: guest fuzz: shut down", "fuzz: it then shut down cleanly")
t.no_line_starting(run, "monitor: unexpected trap", "fuzz: the monitor never trapped")

# 2. No restart-on-fault: the first wild access ends it, and the system.
run = boot_guests([fuzz_guest("once", "seed=%d calls=1000" % seed, restart=False)], smp=1)
t.exited(run, "once: QEMU exits by itself")
seen, total, bad = check_wild(run, "once", "stopped")
t.ok(seen == 1 and not bad, "once: the first wild access stops the guest for good", run)
t.line(run, "monitor: no guest left; powering off (system failure)",
       "once: the system powers off after it, with the failure reason")

# 3. Isolation: an attacker and a victim, each on its own hart.
victim_targets = [VICTIM_HPA, VICTIM_HPA + (2 << 20), VICTIM_HPA + VICTIM_SIZE - 8]
attacker = fuzz_guest("attacker", "seed=%d calls=%d attack=%s" % (
    seed, min(calls, 20000), ",".join("0x%x" % a for a in victim_targets)), harts=[0])
victim = fuzz_guest("victim", "victim=10", restart=False, harts=[1],
                    host_memory=VICTIM_HPA, memory=VICTIM_SIZE)
run = boot_guests([attacker, victim], smp=2)
t.exited(run, "isolation: QEMU exits by itself")
seen, total, bad = check_wild(run, "attacker", "restarting")
t.ok(total and seen == total and not bad,
     "isolation: the attacker's %s wild accesses, %d at the victim's host RAM, each stopped it"
     % (total, 2 * len(victim_targets)), run)
all_done = "[attacker] fuzz: all %s wild accesses stopped the guest" % total
done = run.lines.index(all_done) if all_done in run.lines else None
verdict = run.matching(r"\[victim\] fuzz: victim: \d+ rounds, \d+ words changed")
t.ok(len(verdict) == 1 and verdict[0].endswith(" 0 words changed"),
     "isolation: the victim's memory and code unchanged (%s)" % (verdict[0] if verdict else "none"),
     run)
t.ok(done is not None and verdict and run.lines.index(verdict[0]) > done,
     "isolation: the victim checked on after the attacker was done", run)
t.line(run, "monitor: guest victim: shut down", "isolation: the victim ends cleanly")

# 4. Its interrupt controller, given the UART: the PLIC, AIA with a guest
# file, AIA with a software file. Nonsense everywhere in it, no wild
# accesses (the PLIC's address is then its own).
for label, machine in (("irqchip, PLIC", "virt"),
                       ("irqchip, AIA guest file", "virt,aia=aplic-imsic,aia-guests=1"),
                       ("irqchip, AIA software file", "virt,aia=aplic-imsic")):
    guest = fuzz_guest("irqfuzz", "seed=%d calls=1000 storm=200 wild=0 irqchip=%d"
                       % (seed, min(calls, 20000)), restart=False,
                       devices=["/soc/serial@10000000"])
    run = boot_guests([guest], smp=1, machine=machine, timeout=300)
    t.exited(run, "%s: QEMU exits by itself" % label)
    t.guest_tap(run, label)
    t.line(run, "monitor: guest irqfuzz: shut down", "%s: the guest ends cleanly" % label)
    t.no_line_starting(run, "monitor: unexpected trap", "%s: the monitor never trapped" % label)
t.done()
