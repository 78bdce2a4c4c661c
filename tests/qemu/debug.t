#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# `make debug` halts QEMU at reset with a gdb stub; gdb-multiarch with
# scripts/sbivisor.gdb, driven in batch mode, attaches, stops at the
# monitor's entry with its symbols, and backtraces there (docs/debugging.md).
import os, shutil, socket, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
t = Tap()

gdb = shutil.which("gdb-multiarch")
if not t.ok(gdb is not None, "gdb-multiarch is installed (make setup)"):
    t.done()

with socket.socket() as s:      # a free port for the stub
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

qemu = subprocess.Popen(["make", "-s", "--no-print-directory", "debug", "DEBUG_PORT=%d" % port],
                        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, start_new_session=True)
# The stub listens once QEMU is up: wait for it, boundedly.
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            break
    time.sleep(0.2)

try:
    out = subprocess.run([gdb, "-nx", "-batch", "-x", "scripts/sbivisor.gdb",
                          "-ex", "target remote :%d" % port,
                          "-ex", "info registers pc",
                          "-ex", "break monitor_boot",
                          "-ex", "continue",
                          "-ex", "info registers pc",
                          "-ex", "backtrace 2",
                          "-ex", "kill"],
                         cwd=REPO, capture_output=True, text=True, timeout=120).stdout
except subprocess.TimeoutExpired as e:
    out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
finally:
    try:
        qemu.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(qemu.pid, 9)
        qemu.wait()
console = qemu.stdout.read().decode(errors="replace")

lines = out.splitlines()
pcs = [l for l in lines if l.startswith("pc ")]
t.ok(any("0x1000" in l for l in pcs[:1]), "gdb attaches with QEMU halted at reset (pc 0x1000)")
if not t.ok(any("Breakpoint 1, monitor_boot" in l for l in lines),
            "the breakpoint at the monitor's entry (monitor_boot) is hit, by its symbol"):
    t.diag("gdb said:\n" + out[-3000:])
t.ok(len(pcs) > 1 and "monitor_boot" in pcs[1], "pc is in monitor_boot there (%s)"
     % (pcs[1] if len(pcs) > 1 else "none"))
bt = [l for l in lines if l.startswith("#0")]
if not t.ok(bt and "monitor_boot" in bt[0] and "main.c" in bt[0],
            "the backtrace names the function and its source line"):
    t.diag("gdb said:\n" + out[-3000:])
t.ok("OpenSBI v1.6" in console, "the firmware had run to the monitor (its banner on the console)")
t.done()
