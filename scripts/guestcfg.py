#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot guests on QEMU virt: a host device tree with /chosen/sbivisor and
the loader arguments that stage each guest's images in host memory.

QEMU makes the virt machine's device tree itself; this dumps it (with the
same machine, CPU, hart count and memory as the run), adds the guests'
configuration (docs/config-binding.md) as an overlay, and names where QEMU's
generic loader must put each image. Used by `make run` and by the QEMU tests
(import it); standard library only.

    guestcfg.py --out build/run --image build/guests/sbitest.bin \\
        [--initrd F] [--bootargs S] [--vcpus N] [--guest-mem 64M] \\
        [--devices /soc/serial@10000000,...] [--wakeup-after-suspend-ms MS] \\
        [--smp 4] [--mem 512M] [--cpu rv64] [--machine virt]

prints the QEMU arguments to add to `-bios build/firmware.bin`.
"""

import argparse
import os
import shlex
import subprocess
import sys

RAM_BASE = 0x80000000
# Staged images start 64 MiB into host RAM: above OpenSBI, the monitor and
# the device tree OpenSBI copies to 0x82200000.
STAGE_OFFSET = 64 << 20
STAGE_ALIGN = 2 << 20
GUEST_RAM_GPA = 0x80000000

QEMU = os.environ.get("QEMU", "qemu-system-riscv64")


def parse_size(text):
    text = str(text).strip()
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1:].upper() in units:
        return int(text[:-1], 0) * units[text[-1].upper()]
    return int(text, 0)


def align_up(x, a):
    return (x + a - 1) & ~(a - 1)


def cells(value):
    return "0x%x 0x%x" % (value >> 32, value & 0xffffffff)


class Guest:
    """One guest node. Images are paths; what is not given is left out."""

    def __init__(self, name, image, cpus=1, memory=64 << 20, gpa=GUEST_RAM_GPA,
                 initrd=None, dtb=None, bootargs=None, harts=None,
                 host_memory=None, kernel_addr=None, devices=(), wakeup_ms=None,
                 extra="", omit=()):
        self.name = name
        self.image = image
        self.cpus = cpus
        self.memory = memory
        self.gpa = gpa
        self.initrd = initrd
        self.dtb = dtb
        self.bootargs = bootargs
        self.harts = harts
        self.host_memory = host_memory
        self.kernel_addr = kernel_addr
        self.devices = list(devices)    # host DT paths passed through
        self.wakeup_ms = wakeup_ms      # wakeup-after-suspend-ms
        self.extra = extra      # raw lines added to the node, for tests
        self.omit = set(omit)   # properties left out, for tests
        self.staged = {}        # "kernel" -> (host address, size)


def stage_images(guests, ram_base=RAM_BASE, offset=STAGE_OFFSET):
    """Give every image a host address; returns the QEMU loader arguments."""
    addr = ram_base + offset
    args = []
    for g in guests:
        for prop, path in (("kernel", g.image), ("initrd", g.initrd), ("dtb", g.dtb)):
            if not path:
                continue
            size = os.path.getsize(path)
            g.staged[prop] = (addr, size)
            args += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, addr)]
            addr = align_up(addr + size, STAGE_ALIGN)
    return args


def guest_node(g):
    lines = ["\t\t%s {" % g.name, '\t\t\tcompatible = "sbivisor,guest";']
    if "cpus" not in g.omit:
        lines.append("\t\t\tcpus = <%d>;" % g.cpus)
    if "memory" not in g.omit:
        lines.append("\t\t\tmemory = <%s %s>;" % (cells(g.gpa), cells(g.memory)))
    if g.harts is not None:
        lines.append("\t\t\tharts = <%s>;" % " ".join(str(h) for h in g.harts))
    if g.host_memory is not None:
        lines.append("\t\t\thost-memory = <%s>;" % cells(g.host_memory))
    for prop in ("kernel", "initrd", "dtb"):
        if prop in g.staged and prop not in g.omit:
            addr, size = g.staged[prop]
            lines.append("\t\t\t%s = <%s %s>;" % (prop, cells(addr), cells(size)))
    if g.kernel_addr is not None:
        lines.append("\t\t\tkernel-addr = <%s>;" % cells(g.kernel_addr))
    if g.bootargs is not None:
        lines.append('\t\t\tbootargs = "%s";' % g.bootargs.replace('"', '\\"'))
    if g.devices:
        lines.append("\t\t\tdevices = %s;" % ", ".join('"%s"' % d for d in g.devices))
    if g.wakeup_ms is not None:
        lines.append("\t\t\twakeup-after-suspend-ms = <%d>;" % g.wakeup_ms)
    if g.extra:
        lines.append(g.extra)
    lines.append("\t\t};")
    return "\n".join(lines)


def overlay_source(guests, sbivisor_extra=""):
    # fdtoverlay adds each node in front of its siblings: write them in
    # reverse so the host tree lists the guests in the order given.
    body = "\n".join(guest_node(g) for g in reversed(guests))
    return ("/dts-v1/;\n/plugin/;\n\n&{/chosen} {\n\tsbivisor {\n"
            "\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n%s\n"
            "%s\n\t};\n};\n" % (sbivisor_extra, body))


def machine_args(machine="virt", cpu="rv64", smp=1, mem="256M"):
    return ["-M", machine, "-cpu", cpu, "-smp", str(smp), "-m", str(mem)]


def build(out, guests, machine="virt", cpu="rv64", smp=1, mem="256M", qemu=QEMU,
          sbivisor_extra="", stage_offset=STAGE_OFFSET):
    """Write out/host.dtb; return the QEMU arguments for -dtb and the loaders.
    sbivisor_extra: raw lines for the /chosen/sbivisor node itself (tests);
    stage_offset: where in host RAM the images go (above a guest whose RAM
    is at its own host address, say)."""
    os.makedirs(out, exist_ok=True)
    base = os.path.join(out, "virt.dtb")
    overlay_dts = os.path.join(out, "guests.dts")
    overlay = os.path.join(out, "guests.dtbo")
    host = os.path.join(out, "host.dtb")

    loader = stage_images(guests, offset=stage_offset)
    m = machine_args(machine, cpu, smp, mem)
    m[1] += ",dumpdtb=" + base
    subprocess.run([qemu] + m + ["-nographic"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(overlay_dts, "w") as f:
        f.write(overlay_source(guests, sbivisor_extra))
    subprocess.run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", overlay,
                    overlay_dts], check=True)
    subprocess.run(["fdtoverlay", "-i", base, "-o", host, overlay], check=True)
    return ["-dtb", host] + loader


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--image", required=True)
    p.add_argument("--initrd")
    p.add_argument("--bootargs")
    p.add_argument("--name", help="the guest's name (default: from the image)")
    p.add_argument("--vcpus", type=int)
    p.add_argument("--guest-mem", default="64M")
    p.add_argument("--devices", default="",
                   help="host device-tree paths to pass through, comma-separated")
    p.add_argument("--wakeup-after-suspend-ms", type=int)
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="512M")
    p.add_argument("--cpu", default="rv64")
    p.add_argument("--machine", default="virt")
    a = p.parse_args()

    name = a.name or os.path.basename(a.image).split(".")[0]
    g = Guest(name, a.image, cpus=a.vcpus or a.smp, memory=parse_size(a.guest_mem),
              initrd=a.initrd, bootargs=a.bootargs,
              devices=[d for d in a.devices.split(",") if d],
              wakeup_ms=a.wakeup_after_suspend_ms)
    try:
        args = build(a.out, [g], a.machine, a.cpu, a.smp, a.mem)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("guestcfg: %s" % e)
    print(" ".join(shlex.quote(x) for x in args))


if __name__ == "__main__":
    main()
