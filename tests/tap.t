#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The QEMU tests' TAP producer (tests/qemu/qemutest.py) keeps cases
# independent: a script whose first case raises still runs and reports the
# next, and one that raises outside any case still ends with a failure and
# its plan, so prove counts what ran instead of losing the rest.
import os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "qemu"))
from qemutest import Tap

t = Tap()


def script(body):
    """Run `body` as a test script of its own: its stdout and exit status."""
    src = "import sys\nsys.path.insert(0, %r)\nfrom qemutest import Tap\nt = Tap()\n%s\n" % (
        os.path.join(HERE, "qemu"), body)
    r = subprocess.run([sys.executable, "-c", src], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    return r.stdout.splitlines(), r.returncode


out, rc = script("""
for name in ("first", "second"):
    with t.case(name):
        if name == "first":
            raise RuntimeError("QEMU vanished")
        t.ok(True, name + " runs")
t.done()
""")
t.ok("not ok 1 - first: RuntimeError: QEMU vanished" in out,
     "a case that raises is one failure, named with the exception") or t.diag("\n".join(out))
t.ok("ok 2 - second runs" in out, "the next case still runs") or t.diag("\n".join(out))
t.ok(out[-1:] == ["1..2"] and rc == 1, "the plan counts both; the script fails") or \
    t.diag("\n".join(out))

out, rc = script("""
t.ok(True, "before")
raise KeyError("kernel")
""")
t.ok("ok 1 - before" in out and
     any(l.startswith("not ok 2 - the test script itself: KeyError") for l in out),
     "an exception outside a case is a failure too") or t.diag("\n".join(out))
t.ok("1..2" in out and rc != 0, "and the plan still comes") or t.diag("\n".join(out))
t.done()
