#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""An initramfs for Debian's own kernel as a test guest (tests/qemu/debian.t).

    initramfs.py --root DIR --init tests/debian/init.sh --modules virtio_mmio,... \\
        --out initrd.cpio

DIR is what scripts/debian.sh unpacked: the linux-image package (its
modules, .ko.xz) and busybox-static. The archive (cpio "newc", which every
Linux unpacks) holds /init, /bin/busybox, and the modules asked for with
every module they depend on, decompressed, in /lib/modules with
/lib/modules/load-order listing them dependencies first. The package ships
no modules.dep (depmod makes it at install time), so the dependencies are
read from each module's .modinfo section. Standard library only.
"""

import argparse
import glob
import lzma
import os
import struct
import sys


def elf_section(data, name):
    """The contents of ELF64 little-endian section `name`, or b""."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("initramfs: not a 64-bit little-endian ELF module")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)

    def header(i):
        off = shoff + i * shentsize
        sh_name, = struct.unpack_from("<I", data, off)
        sh_offset, sh_size = struct.unpack_from("<QQ", data, off + 0x18)
        return sh_name, sh_offset, sh_size

    _, str_off, _ = header(shstrndx)
    for i in range(shnum):
        sh_name, off, size = header(i)
        end = data.index(b"\0", str_off + sh_name)
        if data[str_off + sh_name:end].decode() == name:
            return data[off:off + size]
    return b""


def module_depends(data):
    """The modules a module names in its modinfo "depends=" entry."""
    for entry in elf_section(data, ".modinfo").split(b"\0"):
        if entry.startswith(b"depends="):
            return [d for d in entry[len(b"depends="):].decode().split(",") if d]
    return []


def find_modules(root):
    """name -> path of every module of the package under `root`."""
    found = {}
    for path in glob.glob(os.path.join(root, "usr/lib/modules/*/kernel/**/*.ko*"),
                          recursive=True):
        name = os.path.basename(path).split(".ko")[0].replace("-", "_")
        found[name] = path
    return found


def read_module(path):
    with open(path, "rb") as f:
        data = f.read()
    return lzma.decompress(data) if path.endswith(".xz") else data


def resolve(wanted, available):
    """The modules to load, each after those it depends on: (name, data)."""
    order, seen = [], set()

    def visit(name, chain):
        name = name.replace("-", "_")
        if name in seen:
            return
        if name in chain:
            sys.exit("initramfs: a dependency cycle through %s" % name)
        if name not in available:
            sys.exit("initramfs: no module %s in the package (built in, or misspelt?)" % name)
        data = read_module(available[name])
        for dep in module_depends(data):
            visit(dep, chain + [name])
        seen.add(name)
        order.append((name, data))

    for name in wanted:
        visit(name, [])
    return order


class Cpio:
    """A cpio archive in the "newc" format."""

    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def _entry(self, name, mode, data=b""):
        name_bytes = name.encode() + b"\0"
        header = "070701" + "".join("%08x" % v for v in (
            self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_bytes), 0))
        self.ino += 1
        self.out += header.encode() + name_bytes
        self.out += b"\0" * (-len(self.out) % 4)
        self.out += data
        self.out += b"\0" * (-len(self.out) % 4)

    def directory(self, name):
        self._entry(name, 0o040755)

    def file(self, name, data, mode=0o644):
        self._entry(name, 0o100000 | mode, data)

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return bytes(self.out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="the unpacked packages (scripts/debian.sh)")
    ap.add_argument("--init", required=True)
    ap.add_argument("--modules", default="", help="comma-separated module names")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    busybox = os.path.join(a.root, "usr/bin/busybox")
    if not os.path.exists(busybox):
        sys.exit("initramfs: no busybox under %s (scripts/debian.sh unpacks busybox-static)"
                 % a.root)
    modules = resolve([m for m in a.modules.split(",") if m], find_modules(a.root))

    cpio = Cpio()
    for d in ("bin", "dev", "lib", "lib/modules", "mnt", "proc", "sys", "tmp"):
        cpio.directory(d)
    with open(a.init, "rb") as f:
        cpio.file("init", f.read(), 0o755)
    with open(busybox, "rb") as f:
        cpio.file("bin/busybox", f.read(), 0o755)
    for name, data in modules:
        cpio.file("lib/modules/%s.ko" % name, data)
    cpio.file("lib/modules/load-order", "".join(n + "\n" for n, _ in modules).encode())
    with open(a.out, "wb") as f:
        f.write(cpio.finish())
    print("initramfs: %s: %d modules (%s)" % (a.out, len(modules),
                                              " ".join(n for n, _ in modules)))


if __name__ == "__main__":
    main()
