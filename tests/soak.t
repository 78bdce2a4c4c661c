#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# `make soak` (not part of `make test`: it takes its time).
#  1. The fuzzing guest (tests/guests/fuzz.c) with SOAK_CALLS random SBI
#     calls (default 10^7), then its wild accesses, restarted after each.
#  2. The SBI test guest's IPI storm and timers on 4 vCPUs on 4 harts, round
#     after round for SOAK_SECONDS of guest time (default 600).
#  3. The same with the 4 vCPUs taking turns on 2 shared harts.
#  4. The fuzzing guest's trap-fidelity classes at SOAK_CALLS / 100 each
#     (U-mode privileged instructions, AMOs at random alignments, page
#     tables in RAM and its PLIC), given the UART; and the CSR isolation
#     pair on one hart of QEMU's max CPU for as many turns / 1000.
# Prints the figures: calls made and errors by code, monitor traps, IPIs
# and timers lost. FUZZ_SEED replays a seed.
import os, random, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "qemu"))
from qemutest import Tap, boot_guests, build_path, guestcfg, test_guest

calls = int(os.environ.get("SOAK_CALLS", "10000000"))
seconds = int(os.environ.get("SOAK_SECONDS", "600"))
seed = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(1, 1 << 32))

t = Tap()
t.diag("fuzzing guest: seed %d, %d calls" % (seed, calls))
fuzz = guestcfg.Guest("fuzz", build_path("guests", "fuzz.bin"), cpus=1, gpa=0x90000000,
                      bootargs="seed=%d calls=%d storm=100000" % (seed, calls),
                      extra="\t\t\trestart-on-fault;")
run = boot_guests([fuzz], smp=1, timeout=calls // 1000 + 600)
t.exited(run, "fuzz: QEMU exits by itself")
t.guest_tap(run, "fuzz")
for line in run.matching(r"fuzz: calls \d+ errors.*|# seed .*|# storm: .*|# CSRs: .*"):
    t.diag("fuzz: " + line.lstrip("# "))
t.line(run, "monitor: guest fuzz: shut down", "fuzz: the guest ran to its end")
traps = run.lines_starting("monitor: unexpected trap")
t.ok(not traps, "fuzz: monitor traps: %d" % len(traps), run)



def storm(label, harts, smp, bootargs, extra=""):
    run = boot_guests([test_guest(cpus=4, harts=harts, bootargs=bootargs)], smp=smp,
                      timeout=2 * seconds + 600, sbivisor_extra=extra)
    t.exited(run, "%s: QEMU exits by itself" % label)
    t.guest_tap(run, label)
    for line in run.lines_starting("soak: "):
        t.diag("%s: %s" % (label, line))
    traps = run.lines_starting("monitor: unexpected trap")
    t.ok(not traps, "%s: monitor traps: %d" % (label, len(traps)), run)


n = max(calls // 100, 2000)
t.diag("trap fidelity: %d of each class" % n)
traps = guestcfg.Guest("traps", build_path("guests", "fuzz.bin"), cpus=1, gpa=0x90000000,
                       bootargs="seed=%d calls=1000 storm=1000 wild=0 irqchip=%d vu=%d atomics=%d pt=%d"
                       % (seed, n, n, n, n), devices=["/soc/serial@10000000"])
run = boot_guests([traps], smp=1, timeout=n // 100 + 600)
t.exited(run, "trap fidelity: QEMU exits by itself")
t.guest_tap(run, "trap fidelity")
for line in run.matching(r"# atomics: .*"):
    t.diag("trap fidelity: " + line.lstrip("# "))
t.ok("system_opcode_insn" not in run.output, "trap fidelity: the firmware printed nothing", run)
pair = [guestcfg.Guest(name, build_path("guests", "fuzz.bin"), cpus=1, gpa=0x90000000, harts=[0],
                       bootargs="seed=%d csrswap=%d" % (seed, max(n // 1000, 40)))
        for name in ("one", "two")]
run = boot_guests(pair, smp=1, cpu="max", timeout=n // 100 + 600,
                  sbivisor_extra="\t\tshared-harts = <0>;")
t.exited(run, "csr isolation: QEMU exits by itself")
for name in ("one", "two"):
    t.guest_tap(run.guest(name), "csr isolation: " + name)

t.diag("storm: 4 vCPUs on 4 harts for %d s" % seconds)
storm("storm", [0, 1, 2, 3], 4, "soak=0x%x" % seconds)
# The vCPUs' waits yield (sbitest `yield`), as a guest OS's would.
t.diag("shared storm: 4 vCPUs on 2 shared harts for %d s" % seconds)
storm("shared storm", [0, 0, 1, 1], 2, "soak=0x%x yield" % seconds,
      "\t\tshared-harts = <0 1>;")
t.done()
