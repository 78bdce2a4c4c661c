#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""`make bench`: instruction counts of the bench guest under sbivisor and on
plain OpenSBI 1.6, side by side.

The bench guest (tests/guests/bench.c) counts instructions with rdinstret,
which QEMU's -icount shift=0 makes exact. It runs three times:
  - native: on OpenSBI 1.6's own generic platform (fw_jump), built from the
    same source tree;
  - firmware: on our firmware's fw_jump, for the sbivisor extension's
    M-mode GET_INFO (plain OpenSBI has no such extension);
  - sbivisor: as a guest of the monitor (build/firmware.bin).
Then the device operations, with the UART (its transmitter-empty
interrupt), on a PLIC machine and on AIA: native with QEMU's own
controller, under the monitor with the UART passed through.
Then Linux's boot cost: the Linux test guest (`make linux`) booted with
`boot_only`, on plain OpenSBI and under the monitor, its init printing the
time CSR as its first act: virtual time since reset, which -icount shift=0
makes one nanosecond per instruction (sleep=off: idle time jumps to the
next timer deadline instead of passing in real time, so runs repeat).
Writes <out>/performance.md and <out>/performance.json. Nothing here
asserts a number; the goals are told as met or missed.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import guestcfg  # noqa: E402

QEMU = os.environ.get("QEMU", "qemu-system-riscv64")
CROSS = os.environ.get("CROSS_COMPILE", "riscv64-linux-gnu-")

# Linux's boot: QEMU virt's timebase, and what one tick is in instructions
# (-icount shift=0: 1 ns of virtual time per instruction).
VIRT_TIMEBASE_HZ = 10000000
INSNS_PER_TICK = 1000000000 // VIRT_TIMEBASE_HZ
LINUX_VCPUS = 2
LINUX_MEM = 128 << 20
LINUX_ARGS = "console=hvc0 earlycon=sbi mem=128M expect_cpus=%d boot_only" % LINUX_VCPUS
LINUX_REACHED = re.compile(r"init: sbivisor Linux test.*; reached at time (\d+)")

OPS = [
    ("probe_extension", "SBI `probe_extension(BASE)` round trip"),
    ("get_info", "sbivisor `GET_INFO` round trip"),
    ("set_timer_to_handler", "SBI `set_timer(now)` until the timer handler runs"),
    ("stimecmp_to_handler", "`stimecmp = now` (Sstc) until the timer handler runs"),
    ("self_ipi_to_handler", "SBI `send_ipi` to itself until the IPI handler runs"),
    ("ipi_pingpong_round", "IPI ping-pong between two harts, per round trip (from time)"),
    ("vcpu_switch", "vCPU switch: two vCPUs sharing a hart, each yielding to the other (per switch)"),
    ("vcpu_switch_v", "vCPU switch, harts with V (`rv64,v=true`), guests that never use it"),
    ("vcpu_switch_vdirty", "vCPU switch, harts with V, each vCPU changing a vector register "
     "before it yields"),
    ("mmio_emulated", "a guest MMIO access the monitor emulates (a PLIC register read)"),
    ("device_irq_plic", "a device interrupt (the UART's) until the guest's handler runs: PLIC"),
    ("device_irq_aia", "a device interrupt (the UART's) until the guest's handler runs: AIA, "
     "a guest interrupt file"),
    ("hsm_retentive_suspend", "HSM retentive suspend until a timer resumes it"),
    ("linux_boot", "Linux, %d CPUs: reset to the init's first line (time CSR)" % LINUX_VCPUS),
]

NOT_YET = {}

UART = "/soc/serial@10000000"
VECTOR_CPU = "rv64,v=true"
AIA_MACHINE = "virt,aia=aplic-imsic,aia-guests=1"

# (op, limit, what): the goals of the benchmark issue, in instructions.
GOALS = [
    ("probe_extension", 120, "`probe_extension` round trip <= 120"),
    ("set_timer_to_handler", 150, "`set_timer` -> handler <= 150"),
    ("stimecmp_to_handler", "native", "direct stimecmp -> handler = native"),
    ("self_ipi_to_handler", 300, "self IPI -> handler <= 300"),
]

LINE = re.compile(r"bench: (\S+) min (\d+) median (\d+) max (\d+) n (\d+)")
SKIP = re.compile(r"bench: (\S+) skipped \((.*)\)")


def run(argv, timeout):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout)
    return p.stdout.decode(errors="replace")


def parse(output):
    results, skipped = {}, {}
    for line in output.splitlines():
        m = LINE.match(line.strip())
        if m:
            results[m.group(1)] = dict(min=int(m.group(2)), median=int(m.group(3)),
                                       max=int(m.group(4)), n=int(m.group(5)))
        m = SKIP.match(line.strip())
        if m:
            skipped[m.group(1)] = m.group(2)
    if "bench: end" not in output:
        sys.exit("bench: the guest did not finish; its output:\n" + output[-3000:])
    return results, skipped


def machine(smp, name="virt", cpu="rv64"):
    return guestcfg.machine_args(name, cpu, smp, "512M") + \
        ["-nographic", "-icount", "shift=0"]


def linux_machine(smp):
    return guestcfg.machine_args("virt", "rv64", smp, "512M") + \
        ["-nographic", "-icount", "shift=0,sleep=off"]


def linux_boot(argv, runs, timeout):
    """Instructions from reset to the init's first line over `runs` boots.

    Plain OpenSBI's boots vary by a few percent (QEMU gives a -kernel Linux
    a fresh rng-seed each run); the monitor's guest tree has none."""
    counts = []
    for _ in range(runs):
        output = run(argv, timeout)
        m = LINUX_REACHED.search(output)
        if not m:
            sys.exit("bench: Linux did not reach its init; its output:\n" + output[-3000:])
        counts.append(int(m.group(1)) * INSNS_PER_TICK)
    counts.sort()
    return dict(min=counts[0], median=counts[len(counts) // 2], max=counts[-1], n=runs)


def footprint(build):
    out = subprocess.run([CROSS + "size", "-A", os.path.join(build, "monitor.elf")],
                         capture_output=True, text=True, check=True).stdout
    sections = {}
    for line in out.splitlines():
        p = line.split()
        if len(p) >= 2 and p[0].startswith("."):
            sections[p[0]] = int(p[1])
    offsets = open(os.path.join(build, "monitor", "generated", "asm-offsets.h")).read()
    vcpu = int(re.search(r"#define VCPU_SIZE (\d+)", offsets).group(1))
    hart_h = open(os.path.join(REPO, "monitor", "include", "monitor", "core", "hart.h")).read()
    stack = int(re.search(r"#define HART_STACK_SIZE\s+(\d+)", hart_h).group(1))
    text = sections.get(".text", 0)
    rodata = sections.get(".rodata", 0)
    data = sections.get(".data", 0)
    bss = sections.get(".bss", 0)
    return dict(text=text, rodata=rodata, data=data, bss=bss,
                vcpu_struct=vcpu, hart_stack=stack)


def version(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def cell(r):
    if r is None:
        return "-"
    if r["min"] == r["max"]:
        return "%d" % r["median"]
    return "%d / %d / %d" % (r["min"], r["median"], r["max"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--native-fw", required=True, help="plain OpenSBI fw_jump.bin")
    ap.add_argument("--out", required=True)
    ap.add_argument("--linux", help="the Linux test guest's Image (make linux)")
    ap.add_argument("--linux-runs", type=int, default=5, help="boots of Linux on each side")
    ap.add_argument("--timeout", type=int, default=600)
    a = ap.parse_args()
    build = a.build
    bench_elf = os.path.join(build, "guests", "bench.elf")
    bench_bin = os.path.join(build, "guests", "bench.bin")
    os.makedirs(a.out, exist_ok=True)

    commands = {}
    argv = [QEMU] + machine(2) + ["-bios", a.native_fw, "-kernel", bench_elf,
                                  "-append", "n=%d" % a.n]
    commands["native"] = argv
    native, native_skip = parse(run(argv, a.timeout))

    argv = [QEMU] + machine(1) + ["-bios", os.path.join(build, "fw_jump.bin"),
                                  "-kernel", bench_elf, "-append",
                                  "n=%d only=get_info" % a.n]
    commands["firmware"] = argv
    firmware, _ = parse(run(argv, a.timeout))

    guest = guestcfg.Guest("bench", bench_bin, cpus=2, bootargs="n=%d" % a.n)
    extra = guestcfg.build(os.path.join(build, "bench-run"), [guest], "virt", "rv64", 2,
                           "512M", QEMU)
    argv = [QEMU] + machine(2) + ["-bios", os.path.join(build, "firmware.bin")] + extra
    commands["sbivisor"] = argv
    sbivisor, sbivisor_skip = parse(run(argv, a.timeout))

    # Two vCPUs on one hart: the switch between them (no native counterpart),
    # on harts without V and with it, the guests leaving V alone or not.
    for op, cpu in (("vcpu_switch", "rv64"), ("vcpu_switch_v", VECTOR_CPU),
                    ("vcpu_switch_vdirty", VECTOR_CPU)):
        guest = guestcfg.Guest("bench", bench_bin, cpus=2, harts=[0, 0],
                               bootargs="n=%d only=%s" % (a.n, op))
        extra = guestcfg.build(os.path.join(build, "bench-run"), [guest], "virt", cpu, 1,
                               "512M", QEMU, sbivisor_extra="\t\tshared-harts = <0>;")
        argv = [QEMU] + machine(1, cpu=cpu) + ["-bios", os.path.join(build, "firmware.bin")] + \
            extra
        commands["sbivisor shared hart, %s" % op] = argv
        shared, shared_skip = parse(run(argv, a.timeout))
        sbivisor.update(shared)
        sbivisor_skip.update(shared_skip)

    # Device interrupts, the UART's: on a PLIC machine and on AIA, the bench
    # guest given the UART under the monitor, the host's own on OpenSBI.
    for label, name in (("plic", "virt"), ("aia", AIA_MACHINE)):
        argv = [QEMU] + machine(1, name) + ["-bios", a.native_fw, "-kernel", bench_elf,
                                            "-append", "n=%d only=devices" % a.n]
        commands["native devices, %s" % label] = argv
        native.update(parse(run(argv, a.timeout))[0])
        guest = guestcfg.Guest("bench", bench_bin, cpus=1, devices=[UART],
                               bootargs="n=%d only=devices" % a.n)
        extra = guestcfg.build(os.path.join(build, "bench-run"), [guest], name, "rv64", 1,
                               "512M", QEMU)
        argv = [QEMU] + machine(1, name) + ["-bios", os.path.join(build, "firmware.bin")] + extra
        commands["sbivisor devices, %s" % label] = argv
        sbivisor.update(parse(run(argv, a.timeout))[0])

    if a.linux:
        argv = [QEMU] + linux_machine(LINUX_VCPUS) + [
            "-bios", a.native_fw, "-kernel", a.linux, "-append", LINUX_ARGS + " native"]
        commands["linux native"] = argv
        native["linux_boot"] = linux_boot(argv, a.linux_runs, a.timeout)
        guest = guestcfg.Guest("linux", a.linux, cpus=LINUX_VCPUS, memory=LINUX_MEM,
                               bootargs=LINUX_ARGS)
        extra = guestcfg.build(os.path.join(build, "bench-run"), [guest], "virt", "rv64",
                               LINUX_VCPUS, "512M", QEMU)
        argv = [QEMU] + linux_machine(LINUX_VCPUS) + [
            "-bios", os.path.join(build, "firmware.bin")] + extra
        commands["linux sbivisor"] = argv
        sbivisor["linux_boot"] = linux_boot(argv, a.linux_runs, a.timeout)
    else:
        sbivisor_skip["linux_boot"] = "no Linux Image given (--linux)"

    rows = []
    for op, what in OPS:
        n = native.get(op) or (firmware.get(op) if op == "get_info" else None)
        s = sbivisor.get(op)
        note = NOT_YET.get(op) or sbivisor_skip.get(op, "")
        if op == "linux_boot" and s and n:
            note = ("%d boots each; virtual time (-icount shift=0,sleep=off, idle waits "
                    "count); the guest's tree has no PLIC, so Linux skips that driver" % n["n"])
        if op == "get_info" and n:
            note = "native: the M-mode extension on our firmware's fw_jump"
        if op == "mmio_emulated":
            note = "native: QEMU's PLIC register; sbivisor: the guest's virtual PLIC"
        if op == "device_irq_aia":
            note = "QEMU virt,aia=aplic-imsic,aia-guests=1: the APLIC's MSI lands in the vCPU's guest file, no monitor on the way"
        if op == "device_irq_plic":
            note = "host PLIC -> the monitor -> the virtual PLIC -> VSEIP"
        if op in sbivisor_skip:
            note = "under sbivisor: " + sbivisor_skip[op]
            if op == "hsm_retentive_suspend":
                note += " (hart_suspend comes with issue 6)"
        ratio = "%.2f" % (s["median"] / n["median"]) if n and s else "-"
        rows.append(dict(op=op, what=what, native=n, sbivisor=s, ratio=ratio, note=note))

    goals = []
    for op, limit, what in GOALS:
        s = sbivisor.get(op)
        n = native.get(op)
        if not s:
            goals.append(dict(goal=what, measured=None, met=False))
            continue
        want = n["median"] if limit == "native" and n else limit
        goals.append(dict(goal=what, measured=s["median"], limit=want,
                          met=s["median"] <= want))
    if "linux_boot" in sbivisor:
        n, s = native["linux_boot"]["median"], sbivisor["linux_boot"]["median"]
        overhead = round(100.0 * (s - n) / n, 2)
        goals.append(dict(goal="Linux boot overhead <= 3 % of native",
                          measured="%.2f %%" % overhead, limit=3, met=overhead <= 3))
    else:
        goals.append(dict(goal="Linux boot overhead <= 3 % of native", measured=None,
                          met=False))
    fp = footprint(build)
    goals.append(dict(goal="monitor text <= 64 KiB", measured=fp["text"],
                      limit=64 * 1024, met=fp["text"] <= 64 * 1024))

    meta = dict(
        date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        n=a.n, qemu=version([QEMU, "--version"]), gcc=version([CROSS + "gcc", "--version"]),
        opensbi="1.6 (Debian's source package)",
        commit=version(["git", "-C", REPO, "describe", "--always", "--dirty"]),
        commands={k: " ".join(v).replace(REPO + "/", "") for k, v in commands.items()})

    with open(os.path.join(a.out, "performance.json"), "w") as f:
        json.dump(dict(meta=meta, rows=rows, goals=goals, footprint=fp), f, indent=2)

    md = ["# Performance", "",
          "Written by `make bench` (`scripts/bench.py`); do not edit by hand.",
          "Instructions counted by the bench guest (`tests/guests/bench.c`) with",
          "rdinstret under QEMU's `-icount shift=0`, where counts are exact and",
          "repeat from run to run. Each operation runs %d times; a cell holds" % a.n,
          "min / median / max, or one number when all three agree. The native",
          "column is the same guest binary on OpenSBI 1.6's generic platform,",
          "measured in the same run.", "",
          "| Operation | native (OpenSBI 1.6) | sbivisor | sbivisor / native | Note |",
          "|---|---|---|---|---|"]
    for r in rows:
        md.append("| %s | %s | %s | %s | %s |" % (r["what"], cell(r["native"]),
                                                  cell(r["sbivisor"]), r["ratio"], r["note"]))
    md += ["", "## Goals", "", "| Goal | Measured | Met |", "|---|---|---|"]
    for g in goals:
        md.append("| %s | %s | %s |" % (g["goal"],
                                        "-" if g["measured"] is None else g["measured"],
                                        "yes" if g["met"] else
                                        ("not yet" if g["measured"] is None else "no")))
    md += ["", "## Footprint", "",
           "| | bytes |", "|---|---|",
           "| monitor .text | %d |" % fp["text"],
           "| monitor .rodata | %d |" % fp["rodata"],
           "| monitor .data | %d |" % fp["data"],
           "| monitor .bss (all hart stacks included) | %d |" % fp["bss"],
           "| per vCPU: `struct vcpu` | %d |" % fp["vcpu_struct"],
           "| per hart: its monitor stack | %d |" % fp["hart_stack"],
           "", "## Run", "",
           "- date: %s, commit %s, N = %d" % (meta["date"], meta["commit"], a.n),
           "- %s; %s; OpenSBI %s" % (meta["qemu"], meta["gcc"], meta["opensbi"]), ""]
    for k, v in meta["commands"].items():
        md += ["%s:" % k, "", "    " + v, ""]
    with open(os.path.join(a.out, "performance.md"), "w") as f:
        f.write("\n".join(md))
    print("\n".join(md[:13 + len(rows)] + md[13 + len(rows):13 + len(rows) + 6 + len(goals)]))


if __name__ == "__main__":
    main()
