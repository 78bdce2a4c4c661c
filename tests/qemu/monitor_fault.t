#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The monitor's own failures (docs/architecture.md, "When the monitor
# fails"), provoked through sbivisor,test-fault in /chosen/sbivisor:
#  - "trap": an HS-mode load from address 0. The report names hart, cause,
#    sepc, stval, htval, every register, the hart's vCPU and a backtrace;
#    then the system powers off with the failure reason.
#  - "hang": the boot hart waits for a lock it holds itself. The watchdog
#    notices after WATCHDOG_LIMIT_S (3 s) and reports the same way.
# The boot hart is whichever wins OpenSBI's lottery; the other one runs a
# guest that lasts longer than the watchdog's limit (fuzz.c as a victim).
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, boot_guests, build_path, guestcfg

t = Tap()
# A monitor address: it runs at MONITOR_BASE, 0x80100000, inside the first
# 2 MiB of RAM (monitor.lds.S asserts it).
MON = r"0x801[0-9a-f]{5}"
guest = lambda: guestcfg.Guest("victim", build_path("guests", "fuzz.bin"), cpus=2,
                               gpa=0x90000000, bootargs="victim=20")

run = boot_guests([guest()], smp=2, sbivisor_extra='\t\tsbivisor,test-fault = "trap";')
t.exited(run, "trap: QEMU exits by itself (SRST power-off)")
t.line(run, 'monitor: sbivisor,test-fault "trap": failing on purpose', "trap: asked for")
t.match(run, r"monitor: unexpected trap on hart \d: scause 0x5 \(load access fault\) "
        r"sepc " + MON + " stval 0x0 htval 0x0",
        "trap: hart, cause, sepc in the monitor, stval 0 (the address)")
t.match(run, r"monitor:   zero 0x0{16} ra   0x[0-9a-f]{16} sp   0x[0-9a-f]{16} gp   0x[0-9a-f]{16}",
        "trap: the registers")
t.ok(len(run.matching(r"monitor:   (\S+ +0x[0-9a-f]{16} ?){4}")) == 8, "trap: all 32 of them", run)
t.match(run, r"monitor:   vcpu: none loaded; first bound here: guest victim vcpu \d \(1 in all\)", "trap: the hart's vCPU")
bt = run.matching(r"monitor:   backtrace \(monitor.elf addresses\):( " + MON + "){2,}")
sepc = run.matching(r"monitor: unexpected trap on hart \d: .* sepc (0x[0-9a-f]+) .*")
t.ok(len(bt) == 1 and sepc and bt[0].split("addresses): ")[1].startswith(sepc[0].split("sepc ")[1].split()[0]),
     "trap: a backtrace of monitor addresses, from sepc", run)
t.match(run, r"monitor: error: unexpected trap on hart \d", "trap: the defined action: system failure")

run = boot_guests([guest()], smp=2, sbivisor_extra='\t\tsbivisor,test-fault = "hang";')
t.exited(run, "hang: QEMU exits by itself (SRST power-off)")
t.match(run, r"monitor: watchdog: hart \d stuck in the monitor: waited 3\d{3} ms for a lock another hart holds",
        "hang: the watchdog names the hart, how long and what it waited for")
t.match(run, r"monitor:   vcpu: none loaded; first bound here: guest victim vcpu \d \(1 in all\)", "hang: the hart's vCPU")
t.match(run, r"monitor:   backtrace \(monitor.elf addresses\):( " + MON + ")+",
        "hang: a backtrace")
t.match(run, r"monitor: error: watchdog on hart \d", "hang: the defined action: system failure")
t.ok(not run.matching(r"fuzz: victim: \d+ rounds.*"),
     "hang: the system went down before the guest ended", run)
t.done()
