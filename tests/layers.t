#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The monitor's layers (scripts/check-layers.py, docs/architecture.md): the
# tree obeys them; and copies of it broken one way each (a pure layer that
# includes core, a cycle of uses, a file no objects.mk builds, a file in no
# layer) are each refused with a message naming the fault.
import os, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "qemu"))
from qemutest import REPO, Tap

CHECK = os.path.join(REPO, "scripts", "check-layers.py")
t = Tap()


def check(root):
    r = subprocess.run([sys.executable, CHECK, root], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    return r.returncode, r.stdout


rc, out = check(REPO)
t.ok(rc == 0 and out == "", "the monitor obeys its layers") or t.diag(out)

tmp = tempfile.mkdtemp(prefix="layers-")
try:
    def broken(name, edit, expect):
        """A fresh copy of monitor/, `edit` applied: refused, saying `expect`."""
        root = os.path.join(tmp, name)
        shutil.copytree(os.path.join(REPO, "monitor"), os.path.join(root, "monitor"))
        edit(os.path.join(root, "monitor"))
        rc, out = check(root)
        t.ok(rc != 0 and expect in out, "refused: " + name) or t.diag(out)

    def append(path, text):
        with open(path, "a") as f:
            f.write(text)

    def replace(path, old, new):
        with open(path) as f:
            s = f.read()
        assert old in s, (path, old)
        with open(path, "w") as f:
            f.write(s.replace(old, new))

    broken("a pure layer includes core",
           lambda m: append(os.path.join(m, "boot", "dt.c"),
                            "#include <monitor/core/vcpu.h>\n"),
           "monitor/boot/dt.c: includes <monitor/core/vcpu.h>, but boot uses only itself")
    broken("the host controllers include a guest",
           lambda m: append(os.path.join(m, "irq", "plic.c"),
                            "#include <monitor/core/guest.h>\n"),
           "monitor/irq/plic.c: includes <monitor/core/guest.h>, but irq uses only")
    broken("layers that use each other",
           lambda m: replace(os.path.join(m, "irq", "objects.mk"),
                             "monitor-irq-uses := boot vdev", "monitor-irq-uses := boot vdev sbi"),
           "layers use each other in a cycle: ")
    broken("a pure layer that uses one that is not",
           lambda m: replace(os.path.join(m, "vdev", "objects.mk"),
                             "monitor-vdev-uses :=", "monitor-vdev-uses := irq"),
           "monitor/vdev is pure but uses irq, which is not")
    broken("a source no objects.mk builds",
           lambda m: append(os.path.join(m, "sbi", "vsbi_new.c"), "/* new */\n"),
           "monitor/sbi/vsbi_new.c: not in monitor/sbi/objects.mk")
    broken("an object with no source",
           lambda m: append(os.path.join(m, "sbi", "objects.mk"),
                            "monitor-objs-y += sbi/vsbi_gone.o\n"),
           "monitor/sbi/objects.mk: sbi/vsbi_gone.o: no source in monitor/sbi/")
    broken("a file in no layer",
           lambda m: append(os.path.join(m, "stray.c"), "/* stray */\n"),
           "monitor/stray.c: in no layer")
    broken("a header of no layer",
           lambda m: append(os.path.join(m, "core", "sched.c"),
                            "#include <monitor/sched.h>\n"),
           "monitor/core/sched.c: includes <monitor/sched.h>, a header of no layer")
finally:
    shutil.rmtree(tmp)

t.done()
