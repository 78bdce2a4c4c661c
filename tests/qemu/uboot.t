#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# U-Boot S-mode from Debian's u-boot-qemu as a guest: the monitor passes the
# virt machine's UART through to it (`devices`, docs/config-binding.md). It
# must reach its prompt, its `sbi` command must list what the monitor
# serves (and nothing it does not), `reset` must reboot the guest and
# `poweroff` end it, after which the monitor powers the machine off.
import os, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Console, Tap, build_path, guestcfg, qemu_argv

UBOOT = os.environ.get("UBOOT_SMODE", "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin")
UART = "/soc/serial@10000000"
PROMPT = "=> "
# What U-Boot 2023.01's `sbi` names, for the extensions the monitor serves.
SERVED = ["Set Timer", "Console Putchar", "Console Getchar", "System Shutdown",
          "SBI Base Functionality", "Timer Extension", "IPI Extension",
          "RFENCE Extension", "Hart State Management Extension", "System Reset Extension"]
# And for those it does not (legacy IPI/fence calls, PMU): probe must say 0.
NOT_SERVED = ["Clear IPI", "Send IPI", "Remote FENCE.I", "Remote SFENCE.VMA",
              "Performance Monitoring Unit Extension"]

t = Tap()
if not os.path.exists(UBOOT):
    t.ok(False, "%s exists (package u-boot-qemu, installed by make setup)" % UBOOT)
    t.done()


def to_prompt(con):
    """From power-on to U-Boot's prompt: a key stops the autoboot countdown."""
    if not con.expect("Hit any key to stop autoboot", 60):
        return False
    con.type("")
    return con.expect(PROMPT)


with tempfile.TemporaryDirectory(prefix="guests-", dir=build_path()) as out:
    guest = guestcfg.Guest("uboot", UBOOT, cpus=1, memory=128 << 20,
                           devices=[UART])
    extra = guestcfg.build(out, [guest], smp=1, mem="512M")
    con = Console(qemu_argv(bios=build_path("firmware.bin"), smp=1, mem="512M", extra=extra))
    steps = [("reaches its prompt", lambda: to_prompt(con))]
    steps.append(("`sbi` runs", lambda: (con.type("sbi"), con.expect(PROMPT))[1]))
    mark = {}
    steps.append(("`reset` reboots it to the prompt again",
                  lambda: (mark.setdefault("sbi_end", con.seen), con.type("reset"),
                           con.expect("resetting"), to_prompt(con))[3]))
    steps.append(("`poweroff` is typed", lambda: (con.type("poweroff"), True)[1]))
    passed = True
    for name, step in steps:
        passed = passed and bool(step())
        t.ok(passed, "U-Boot " + name)
    run = con.run()

t.exited(run, "QEMU exits by itself after poweroff")
banner = "U-Boot 2023"
t.ok(run.output.count(banner) == 2, "U-Boot booted twice (power-on and reset)", run)
t.line(run, "monitor: guest uboot: rebooting", "the monitor rebooted the guest on `reset`")
t.line(run, "monitor: guest uboot: shut down", "the guest shut down on `poweroff`")
t.line(run, "monitor: no guest left; powering off")
sbi = run.output[run.output.find("=> sbi"):mark.get("sbi_end", 0)]
sbi_lines = [l.strip() for l in sbi.replace("\r", "").split("\n")]
t.ok(sbi.startswith("=> sbi") and "SBI 2.0" in sbi, "`sbi`: SBI 2.0", run)
# Our ID is not in U-Boot's table; its message then shows the spec version
# by mistake (cmd/riscv/sbi.c prints `ret`, not the ID), so only the text.
t.ok("Unknown implementation ID" in sbi, "`sbi`: not OpenSBI's implementation ID", run)
for name in SERVED:
    t.ok(name in sbi_lines, "`sbi` lists %s" % name, run)
for name in NOT_SERVED:
    t.ok(name not in sbi_lines, "`sbi` does not list %s" % name, run)
t.ok(not run.matching(r"monitor: guest uboot vcpu .*; guest stopped"),
     "no vCPU stopped by the monitor", run)
t.done()
