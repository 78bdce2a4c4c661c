#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The flashable firmware image (docs/image-format.md).

    mkimage.py pack --config configs/linux.dts --firmware build/firmware.bin \\
        --monitor build/monitor.bin --monitor-elf build/monitor.elf \\
        --monitor-offset 0x100000 --out build/image.bin
    mkimage.py list build/image.bin

`pack` compiles the configuration with dtc, takes every file its guest
nodes name (`kernel-file`, `initrd-file`, `dtb-file`, relative to the
configuration's folder) into a part of its own, names that part in the
guest node instead (`kernel-part` ...), and writes OpenSBI with the monitor,
the package header, its table and the parts. `list` prints an image's table
and checks every CRC; it exits non-zero if any part is damaged. Standard
library, dtc, fdtget and fdtput only.
"""

import argparse
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import zlib

MAGIC = b"SBVIMAGE"
VERSION = 1
ALIGN = 0x1000
NAME_SIZE = 48
MAX_PARTS = 64
HEADER = struct.Struct("<8sIIIIQQ24s")        # include/sbivisor/image.h
PART = struct.Struct("<%dsIIQQII" % NAME_SIZE)
CONFIG_PATH = "/chosen/sbivisor"
GUEST_COMPATIBLE = "sbivisor,guest"

FIRMWARE, MONITOR, CONFIG, KERNEL, INITRD, DTB = range(1, 7)
TYPE_NAMES = {FIRMWARE: "firmware", MONITOR: "monitor", CONFIG: "configuration",
              KERNEL: "kernel", INITRD: "initrd", DTB: "device tree"}
# A guest's files: the property naming the file, and the part's type.
GUEST_FILES = (("kernel", KERNEL), ("initrd", INITRD), ("dtb", DTB))
# The configuration goes in twice: a flipped bit in one leaves the other.
CONFIG_PARTS = ("config", "config-copy")

assert HEADER.size == 64 and PART.size == 80


class ImageError(Exception):
    pass


def align_up(x, a=ALIGN):
    return (x + a - 1) & ~(a - 1)


def run(argv, what):
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode:
        raise ImageError("%s: %s" % (what, proc.stderr.strip() or "failed"))
    return proc.stdout


def fdtget(dtb, node, prop, kind="s"):
    """A property's value, or None when the node has no such property."""
    proc = subprocess.run(["fdtget", "-t", kind, dtb, node, prop],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    return proc.stdout.rstrip("\n") if proc.returncode == 0 else None


def has_prop(dtb, node, prop):
    props = run(["fdtget", "-p", dtb, node], "fdtget -p %s" % node).split()
    return prop in props


class Part:
    def __init__(self, name, kind, data):
        if len(name.encode()) >= NAME_SIZE:
            raise ImageError("part name %r: longer than %d bytes" % (name, NAME_SIZE - 1))
        self.name = name
        self.type = kind
        self.data = data
        self.offset = None


def guest_parts(dtb, config_path):
    """Turn each *-file of the guest nodes into a part; rewrite the nodes."""
    where = os.path.dirname(os.path.abspath(config_path))
    children = fdtget_list(dtb, CONFIG_PATH, config_path)
    parts, by_digest, guests = [], {}, 0
    for child in children:
        node = "%s/%s" % (CONFIG_PATH, child)
        compatible = (fdtget(dtb, node, "compatible") or "").split()
        if GUEST_COMPATIBLE not in compatible:
            continue
        guests += 1
        for prop, kind in GUEST_FILES:
            file_prop = prop + "-file"
            path = fdtget(dtb, node, file_prop)
            at = "%s: %s: %s" % (config_path, node, file_prop)
            if path is None:
                if prop == "kernel" and not (has_prop(dtb, node, "kernel") or
                                             has_prop(dtb, node, "kernel-part")):
                    raise ImageError("%s: missing (the guest's kernel)" % at)
                continue
            for other in (prop, prop + "-part"):
                if has_prop(dtb, node, other):
                    raise ImageError("%s: and %s: give one, not both" % (at, other))
            full = path if os.path.isabs(path) else os.path.join(where, path)
            try:
                with open(full, "rb") as f:
                    data = f.read()
            except OSError as e:
                hint = " (make linux builds it)" if path.endswith("linux/Image") else ""
                raise ImageError("%s: %s: %s%s" % (at, path, e.strerror, hint))
            if not data:
                raise ImageError("%s: %s: empty" % (at, path))
            # Guests that name the same bytes share one part.
            key = (kind, hashlib.sha256(data).digest())
            if key not in by_digest:
                by_digest[key] = Part("%s/%s" % (child, prop), kind, data)
                parts.append(by_digest[key])
            run(["fdtput", "-d", dtb, node, file_prop], "fdtput")
            run(["fdtput", "-t", "s", dtb, node, prop + "-part", by_digest[key].name],
                "fdtput")
    if not guests:
        raise ImageError("%s: %s has no node compatible with %s"
                         % (config_path, CONFIG_PATH, GUEST_COMPATIBLE))
    return parts


def fdtget_list(dtb, node, config_path):
    proc = subprocess.run(["fdtget", "-l", dtb, node], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)
    if proc.returncode:
        raise ImageError("%s: no %s node" % (config_path, node))
    return proc.stdout.split()


def symbol(nm, elf, name):
    for line in run([nm, elf], "%s %s" % (nm, elf)).splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[2] == name:
            return int(fields[0], 16)
    raise ImageError("%s: no symbol %s" % (elf, name))


def pack(a):
    with open(a.firmware, "rb") as f:
        firmware = f.read()
    with open(a.monitor, "rb") as f:
        monitor = f.read()
    offset = int(a.monitor_offset, 0)
    # fw_payload pads the payload's end: zeros only.
    if firmware[offset:offset + len(monitor)] != monitor or \
            firmware[offset + len(monitor):].strip(b"\0"):
        raise ImageError("%s does not end with %s at 0x%x: rebuild the firmware"
                         % (a.firmware, a.monitor, offset))
    # The package starts where the monitor's memory ends (its BSS and
    # stacks included), where the monitor looks for it.
    start = symbol(a.nm, a.monitor_elf, "__image_start")
    end = symbol(a.nm, a.monitor_elf, "__image_end")
    package_offset = align_up(offset + end - start)
    if end - start < len(monitor) or package_offset != offset + end - start or \
            len(firmware) > package_offset:
        raise ImageError("%s: __image_end 0x%x is not %d-aligned past the monitor"
                         % (a.monitor_elf, end, ALIGN))

    with tempfile.TemporaryDirectory() as tmp:
        dtb = os.path.join(tmp, "config.dtb")
        run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, a.config],
            "dtc %s" % a.config)
        parts = guest_parts(dtb, a.config)
        with open(dtb, "rb") as f:
            config = f.read()

    fixed = [Part("firmware", FIRMWARE, firmware[:offset]),
             Part("monitor", MONITOR, monitor)]
    fixed[0].offset, fixed[1].offset = 0, offset
    loaded = [Part(name, CONFIG, config) for name in CONFIG_PARTS] + parts
    table = fixed + loaded
    package = build_package(table, package_offset)
    out = bytearray(package_offset) + package
    out[:len(firmware)] = firmware
    tmp_out = a.out + ".part"
    with open(tmp_out, "wb") as f:
        f.write(out)
    os.replace(tmp_out, a.out)
    print("mkimage: %s: %d bytes, %d parts" % (a.out, len(out), len(table)))
    for p in table:
        print("mkimage:   %-24s %-13s 0x%08x %9d bytes" % (p.name, TYPE_NAMES[p.type],
                                                         p.offset, len(p.data)))


def build_package(table, package_offset):
    """The package: header, table and the loaded parts (those without an
    offset yet are placed after the table, in order)."""
    if len(table) > MAX_PARTS:
        raise ImageError("%d parts; at most %d" % (len(table), MAX_PARTS))
    header_size = HEADER.size + PART.size * len(table)
    at = align_up(package_offset + header_size)
    for p in table:
        if p.offset is None:
            p.offset = at
            at = align_up(at + len(p.data))
    image_size = max(p.offset + len(p.data) for p in table)
    image_size = max(image_size, package_offset + header_size)

    entries = b"".join(PART.pack(p.name.encode(), p.type, 0, p.offset, len(p.data),
                                 zlib.crc32(p.data), 0) for p in table)
    fields = [MAGIC, VERSION, header_size, len(table), 0, package_offset,
              image_size, bytes(24)]
    fields[4] = zlib.crc32(HEADER.pack(*fields) + entries)
    out = bytearray(image_size - package_offset)
    out[:header_size] = HEADER.pack(*fields) + entries
    for p in table:
        if p.offset >= package_offset:
            out[p.offset - package_offset:p.offset - package_offset + len(p.data)] = p.data
    return out


def read_table(data):
    """The header and table of an image file: (package_offset, parts)."""
    package = -1
    for at in range(0, len(data) - HEADER.size + 1, ALIGN):
        if data[at:at + len(MAGIC)] == MAGIC:
            package = at
            break
    if package < 0:
        raise ImageError("no package header (magic %r) in the image" % MAGIC.decode())
    fields = list(HEADER.unpack_from(data, package))
    version, header_size, count, crc, offset, image_size = fields[1:7]
    if version != VERSION:
        raise ImageError("header: version %d; this tool reads %d" % (version, VERSION))
    if count > MAX_PARTS or header_size != HEADER.size + PART.size * count:
        raise ImageError("header: %d parts in %d bytes" % (count, header_size))
    raw = bytearray(data[package:package + header_size])
    raw[20:24] = bytes(4)
    if zlib.crc32(raw) != crc:
        raise ImageError("header: CRC 0x%08x, but it says 0x%08x: damaged"
                         % (zlib.crc32(raw), crc))
    if offset != package:
        raise ImageError("header: at 0x%x but says 0x%x" % (package, offset))
    if image_size > len(data):
        print("mkimage: the image is %d bytes; the header says %d: truncated"
              % (len(data), image_size))
    parts = []
    for i in range(count):
        name, kind, flags, off, size, crc, _ = PART.unpack_from(
            data, package + HEADER.size + i * PART.size)
        parts.append((name.rstrip(b"\0").decode(errors="replace"), kind, off, size, crc))
    return package, parts


def list_image(a):
    with open(a.image, "rb") as f:
        data = f.read()
    package, parts = read_table(data)
    print("mkimage: %s: package at 0x%x, %d parts" % (a.image, package, len(parts)))
    damaged = 0
    for name, kind, off, size, crc in parts:
        got = zlib.crc32(data[off:off + size])
        state = "intact" if got == crc and off + size <= len(data) else "DAMAGED"
        damaged += state != "intact"
        print("mkimage:   %-24s %-13s 0x%08x %9d bytes crc 0x%08x %s"
              % (name, TYPE_NAMES.get(kind, "type %d" % kind), off, size, crc, state))
    if damaged:
        raise ImageError("%d parts damaged" % damaged)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    pk = sub.add_parser("pack", help="write a firmware image")
    pk.add_argument("--config", required=True, help="the guests' configuration (.dts)")
    pk.add_argument("--firmware", required=True, help="OpenSBI fw_payload with the monitor")
    pk.add_argument("--monitor", required=True, help="the monitor's .bin")
    pk.add_argument("--monitor-elf", required=True, help="the monitor's .elf (its symbols)")
    pk.add_argument("--monitor-offset", default="0x100000",
                    help="where fw_payload carries the monitor (FW_PAYLOAD_OFFSET)")
    pk.add_argument("--nm", default="riscv64-linux-gnu-nm")
    pk.add_argument("--out", required=True)
    ls = sub.add_parser("list", help="print an image's table and check its CRCs")
    ls.add_argument("image")
    a = p.parse_args()
    try:
        pack(a) if a.command == "pack" else list_image(a)
    except (ImageError, OSError) as e:
        sys.exit("mkimage: error: %s" % e)


if __name__ == "__main__":
    main()
