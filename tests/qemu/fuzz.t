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
#     Its page tables in that window and in RAM, drawn at random; and past
#     its UART's registers in their page, access faults.
#  Trap fidelity, in parts 1 and 4 (tests/guests/fuzz_traps.c): privileged
#  instructions from U-mode (the interrupt file's CSRs too, on AIA), illegal
#  ones with a vectored stvec, AMOs/LR/SC at random alignments from S and U:
#  each reaches the guest as bare hardware hands it to its kernel, and the
#  firmware prints nothing into the console.
#  5. The same on a shared hart, where WFI traps: a WFI from U-mode is an
#     illegal instruction, not the kernel's WFI (which would wait for ever).
#  6. CSR isolation: two guests taking turns on one hart, each keeping a
#     value of its own in every CSR it reaches, on QEMU's rv64 (with Ssaia
#     and a PLIC too), max and rva23s64 CPUs; with Smstateen the monitor
#     finds it and guests reach senvcfg and sstateen0.
#  7. Bounded calls: DBCN writes of a MiB take part of it while the other
#     vCPU's remote fences of the writer complete, watchdog quiet.
#  8. Vector state through 200 retentive HSM suspends (rva23s64), on a
#     dedicated hart and on a shared one (where the vCPU waits off it).
#  9. Wake-ups by MSI: one vCPU in HSM suspend (retentive and not), woken by
#     an MSI the other writes into its IMSIC page, its file's state kept:
#     guest files, software files, and two vCPUs taking turns on one hart.
#  Part 6 checks v0-v31 too, on the CPUs with V.
#  10. The extensions of RVA23S64 its cpu node lists (tests/guests/fuzz_isa.c),
#     each run from S- and U-mode as on bare hardware, senvcfg's enables
#     obeyed, what the monitor withholds not listed: on rv64, max and
#     rva23s64, and on a shared hart (where WRS and seed trap to the
#     monitor). Parts 1 and 5 try them too.
import os, random, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, build_path, guestcfg, qemu

seed = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(1, 1 << 32))
calls = int(os.environ.get("FUZZ_CALLS", "100000"))
image = build_path("guests", "fuzz.bin")
GPA = 0x90000000        # fuzz.bin is linked there (like sbitest-high)
VICTIM_HPA = 0x98000000
VICTIM_SIZE = 64 << 20

t = Tap()
t.diag("seed %d (FUZZ_SEED=%d replays it), %d calls" % (seed, seed, calls))


def fuzz_guest(name, bootargs, restart=True, cpus=1, **kw):
    return guestcfg.Guest(name, image, cpus=cpus, gpa=GPA, bootargs=bootargs,
                          extra="\t\t\trestart-on-fault;" if restart else "", **kw)


def firmware_quiet(run, label):
    """OpenSBI's own illegal-instruction messages must not reach the console."""
    t.ok("system_opcode_insn" not in run.output,
         "%s: the firmware wrote nothing into the guests' console" % label, run)


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
firmware_quiet(run, "fuzz")

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
# Each on QEMU's rv64, max and rva23s64 CPUs. QEMU 10's max performs
# misaligned AMOs, even across 16 bytes, where the spec (and the atomics
# check) wants a fault: on a CPU where the check fails on plain OpenSBI 1.6
# too, the hardware is at fault, and the check is left out under the monitor.
IRQCHIPS = (("PLIC", "virt"), ("AIA guest file", "virt,aia=aplic-imsic,aia-guests=1"),
            ("AIA software file", "virt,aia=aplic-imsic"))
NATIVE_FW_DYNAMIC = os.path.join(os.path.dirname(os.environ.get(
    "NATIVE_FW_JUMP", build_path("opensbi-generic", "platform", "generic", "firmware",
                                 "fw_jump.bin"))), "fw_dynamic.bin")
ATOMICS_CHECKS = ("misaligned amoadd.w and lr.w from S- and U-mode",
                  "atomics: 2000 AMOs, LRs and SCs at random alignments")


def native_atomics(cpu):
    """The atomics checks alone on plain OpenSBI 1.6 (the hardware's own
    answer): True when both pass on QEMU's `cpu`."""
    run = qemu(bios=NATIVE_FW_DYNAMIC, kernel=build_path("guests", "fuzz.elf"), cpu=cpu,
               mem="1G", extra=["-append", "seed=%d calls=0 storm=0 wild=0 csrs=0 vu=0 "
                                "vectored=0 devpage=0 irqchip=0 pt=0 atomics=2000" % seed])
    verdicts = [l for l in run.lines if re.match(r"(not )?ok \d+ - (%s)" %
                                                 "|".join(map(re.escape, ATOMICS_CHECKS)), l)]
    good = len(verdicts) == 2 and all(l.startswith("ok ") for l in verdicts)
    for l in verdicts:
        t.diag("plain OpenSBI, %s: %s" % (cpu, l))
    return good


for cpu in ("rv64", "max", "rva23s64"):
    with t.case("fuzz.t:169 %s" % (cpu,)):
        atomics = native_atomics(cpu)
        t.ok(atomics or cpu == "max",
             "%s: plain OpenSBI 1.6 passes the atomics checks%s" %
             (cpu, "" if atomics else " (not on max: QEMU performs misaligned AMOs)"))
        for chip, machine in IRQCHIPS:
            label = "irqchip, %s%s" % (chip, "" if cpu == "rv64" else ", " + cpu)
            guest = fuzz_guest("irqfuzz", "seed=%d calls=1000 storm=200 wild=0 irqchip=%d%s"
                               % (seed, min(calls, 20000), "" if atomics else " atomics=0"),
                               restart=False, devices=["/soc/serial@10000000"])
            run = boot_guests([guest], smp=1, cpu=cpu, machine=machine, timeout=300)
            t.exited(run, "%s: QEMU exits by itself" % label)
            t.guest_tap(run, label)
            t.line(run, "monitor: guest irqfuzz: shut down", "%s: the guest ends cleanly" % label)
            t.no_line_starting(run, "monitor: unexpected trap", "%s: the monitor never trapped" % label)
            firmware_quiet(run, label)

SHARED_HART = "\t\tshared-harts = <0>;"

# 5. On a shared hart (two vCPUs bound, the second never started): WFI
# traps there (hstatus.VTW), from U-mode too. No fuzzed SBI calls: a
# random hart_start would run the second vCPU anywhere in its RAM.
guest = fuzz_guest("shared", "seed=%d calls=0 storm=200 wild=0 vu=500 atomics=500"
                   % seed, restart=False, cpus=2, harts=[0, 0])
run = boot_guests([guest], smp=1, sbivisor_extra=SHARED_HART, timeout=300)
t.exited(run, "shared hart: QEMU exits by itself")
t.guest_tap(run, "shared hart")
t.line(run, "monitor: guest shared: shut down", "shared hart: the guest ends cleanly")
firmware_quiet(run, "shared hart")

# 6. CSR isolation: two guests on one hart, on the CPU models users have.
# With Smstateen the guests reach senvcfg and sstateen0 (reach=); on max,
# where FWFT turns shadow stacks on, ssp (0x011) too.
for cpu, smstateen in (("rv64", False), ("rv64,ssaia=true", False), ("max", True),
                       ("rva23s64", True)):
    with t.case("fuzz.t:201 %s" % ((cpu, smstateen),)):
        label = "csr isolation, %s" % cpu
        args = "seed=%d csrswap=40%s" % (seed, (" reach=0x10a,0x10c" if smstateen else "") +
                                          (",0x11" if cpu == "max" else ""))
        pair = [fuzz_guest(n, args, restart=False, harts=[0]) for n in ("one", "two")]
        run = boot_guests(pair, smp=1, cpu=cpu, sbivisor_extra=SHARED_HART, timeout=300)
        t.exited(run, "%s: QEMU exits by itself" % label)
        isa = run.lines_starting("monitor: isa (all harts): ")
        t.ok(len(isa) == 1 and ("smstateen" in isa[0].split()) == smstateen,
             "%s: the monitor finds Smstateen %s (%s)" % (
                 label, "there" if smstateen else "absent", isa[0] if isa else "no ISA line"), run)
        for name in ("one", "two"):
            t.guest_tap(run.guest(name), "%s: %s" % (label, name))
            t.line(run, "monitor: guest %s: shut down" % name, "%s: %s ends cleanly" % (label, name))

# 7. Bounded calls, two vCPUs on two harts.
run = boot_guests([fuzz_guest("flood", "flood=4", restart=False, cpus=2)], smp=2, timeout=300)
t.exited(run, "flood: QEMU exits by itself")
t.guest_tap(run, "flood")
t.no_line_starting(run, "monitor: watchdog", "flood: no hart waited long for another")
t.line(run, "monitor: guest flood: shut down", "flood: the guest ends cleanly")

# 8. Vector registers across HSM suspend.
for label, cpus, extra in (("vector suspend, dedicated hart", 1, ""),
                           ("vector suspend, shared hart", 2, SHARED_HART)):
    with t.case("fuzz.t:224 %s" % ((label, cpus, extra),)):
        guest = fuzz_guest("vsuspend", "vsuspend=200", restart=False, cpus=cpus, harts=[0] * cpus)
        run = boot_guests([guest], smp=1, cpu="rva23s64", sbivisor_extra=extra, timeout=300)
        t.exited(run, "%s: QEMU exits by itself" % label)
        t.guest_tap(run, label)

# 9. Wake-ups by MSI.
for label, machine, smp, harts in (
        ("wake, guest files", "virt,aia=aplic-imsic,aia-guests=2", 2, [0, 1]),
        ("wake, software files", "virt,aia=aplic-imsic", 2, [0, 1]),
        ("wake, guest files, shared hart", "virt,aia=aplic-imsic,aia-guests=2", 1, [0, 0])):
    with t.case("fuzz.t:232 %s" % ((label, machine, smp, harts),)):
        guest = fuzz_guest("wake", "wake=200", restart=False, cpus=2, harts=harts,
                           devices=["/soc/serial@10000000"])
        run = boot_guests([guest], smp=smp, machine=machine, timeout=300,
                          sbivisor_extra=SHARED_HART if smp == 1 else "")
        t.exited(run, "%s: QEMU exits by itself" % label)
        t.guest_tap(run, label)

# 10. The ISA it is given, tried.
for cpu, shared in (("rv64", False), ("max", False), ("rva23s64", False), ("max", True)):
    with t.case("fuzz.t:244 %s" % ((cpu, shared),)):
        label = "isa, %s%s" % (cpu, ", shared hart" if shared else "")
        guest = fuzz_guest("isa", "isa=1", restart=False, cpus=2 if shared else 1,
                           harts=[0, 0] if shared else [0])
        run = boot_guests([guest], smp=1, cpu=cpu, timeout=120,
                          sbivisor_extra=SHARED_HART if shared else "")
        t.exited(run, "%s: QEMU exits by itself" % label)
        t.guest_tap(run, label)
        tried = run.matching(r"fuzz: ISA: \d+ extensions listed, (\d+) of them tried")
        t.ok(len(tried) == 1 and int(tried[0].split()[-4]) >= (4 if cpu == "rv64" else 7),
             "%s: %s" % (label, tried[0][6:] if tried else "no ISA line"), run)
t.done()
