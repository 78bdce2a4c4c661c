#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The flashable image (scripts/mkimage.py, docs/image-format.md): the
# example configurations of configs/ packed and booted with -bios alone, as
# a board boots its flash; then an image of two test guests damaged part by
# part (a flipped byte in each, a header, a truncated file): each time the
# monitor names the damage, refuses only what depends on it, and the other
# guest boots; last, what mkimage refuses while packing.
import os, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import (QEMU, REPO, Console, Tap, build_path, guestcfg, qemu, qemu_argv, test_guest,
                      write_given_dtb, write_initrd)

MKIMAGE = os.path.join(REPO, "scripts", "mkimage.py")
NM = os.environ.get("CROSS_COMPILE", "riscv64-linux-gnu-") + "nm"
UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
t = Tap()
tmp = tempfile.mkdtemp(prefix="image-", dir=build_path())


def pack(config, out):
    """scripts/mkimage.py pack, as `make image` runs it."""
    argv = ["python3", MKIMAGE, "pack", "--config", config,
            "--firmware", build_path("firmware.bin"), "--monitor", build_path("monitor.bin"),
            "--monitor-elf", build_path("monitor.elf"), "--monitor-offset", "0x100000",
            "--nm", NM, "--out", out]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)


def boot(image, timeout=240, **kw):
    """-bios the image and nothing else but the console: QEMU's own machine
    (1 hart, 128 MiB) unless `kw` sizes it."""
    kw.setdefault("mem", "128M")
    return qemu(bios=image, timeout=timeout, **kw)


def parts(image):
    """mkimage.py list: name -> (offset, size); "package" -> its header's offset."""
    out = subprocess.run(["python3", MKIMAGE, "list", image], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    lines = out.splitlines()
    table = {"package": (int(lines[0].split("package at ")[1].split(",")[0], 16), 64)}
    for line in lines[1:]:
        f = line.split()
        table[f[1]] = (int(f[-6], 16), int(f[-5]))
    return table


# ---- The examples of configs/, with -bios alone (QEMU's 1 hart, 128 MiB).
linux_image = build_path("linux", "Image")
if not os.path.exists(linux_image):
    t.ok(False, "%s exists (make linux builds it)" % linux_image)
    t.done()

image = os.path.join(tmp, "linux-sbitest.bin")
made = pack(os.path.join(REPO, "configs", "linux-sbitest.dts"), image)
t.ok(made.returncode == 0, "configs/linux-sbitest.dts packs")
run = boot(image)
t.exited(run, "linux-sbitest: QEMU exits by itself")
t.line(run, "monitor: firmware image: part linux/kernel: kernel, %d bytes at 0x%x"
       % (os.path.getsize(linux_image), 0x80000000 + parts(image)["linux/kernel"][0]),
       "linux-sbitest: the monitor finds Linux in the image, where the table says")
t.line(run, "[linux] init: all passed", "linux-sbitest: Linux reports all passed")
t.line(run, "[linux] init: second boot, after the reboot",
       "linux-sbitest: Linux's reboot booted it again from the image")
t.guest_tap(run.guest("sbitest"), "linux-sbitest: sbitest")
t.line(run, "[sbitest] guest: done", "linux-sbitest: the test guest reports done")
t.line(run, "monitor: no guest left; powering off", "linux-sbitest: both ended; power-off")
t.no_line_starting(run, "monitor: config:", "linux-sbitest: nothing refused")

image = os.path.join(tmp, "linux.bin")
t.ok(pack(os.path.join(REPO, "configs", "linux.dts"), image).returncode == 0,
     "configs/linux.dts packs")
run = boot(image)
t.exited(run, "linux: QEMU exits by itself")
t.line(run, "init: all passed", "linux: Linux reports all passed")
t.line(run, "monitor: no guest left; powering off", "linux: power-off")

if os.path.exists(UBOOT):
    image = os.path.join(tmp, "uboot.bin")
    t.ok(pack(os.path.join(REPO, "configs", "uboot.dts"), image).returncode == 0,
         "configs/uboot.dts packs")
    con = Console(qemu_argv(bios=image, mem="128M"), timeout=120)
    t.ok(con.expect("=> ", timeout=60), "uboot: U-Boot reaches its prompt from the image")
    con.type("poweroff")
    run = con.run()
    t.exited(run, "uboot: poweroff ends QEMU")
    t.line(run, "monitor: guest uboot: shut down", "uboot: the monitor saw U-Boot's power-off")
else:
    t.ok(True, "# skip %s not installed (package u-boot-qemu)" % UBOOT)

# ---- Two test guests, damaged part by part.
initrd = write_initrd(os.path.join(tmp, "initrd"))
write_given_dtb(os.path.join(tmp, "given.dtb"), memory=0x90000000)
config = os.path.join(tmp, "two.dts")
with open(config, "w") as f:
    f.write("""/dts-v1/;
/ {
	chosen {
		sbivisor {
			#address-cells = <2>;
			#size-cells = <2>;
			first {
				compatible = "sbivisor,guest";
				cpus = <1>;
				memory = <0x0 0x80000000 0x0 0x4000000>;
				kernel-file = "%s";
				initrd-file = "initrd";
				bootargs = "console=hvc0";
			};
			second {
				compatible = "sbivisor,guest";
				cpus = <1>;
				memory = <0x0 0x90000000 0x0 0x4000000>;
				kernel-file = "%s";
				dtb-file = "given.dtb";
			};
		};
	};
};
""" % (build_path("guests", "sbitest.bin"), build_path("guests", "sbitest-high.bin")))
two = os.path.join(tmp, "two.bin")
made = pack(config, two)
t.ok(made.returncode == 0, "two guests: packs")
for line in made.stdout.splitlines():
    t.diag(line)
table = parts(two)
t.ok(sorted(table) == sorted(["package", "firmware", "monitor", "config", "config-copy", "first/kernel",
                              "first/initrd", "second/kernel", "second/dtb"]),
     "two guests: the table has every part (%s)" % ", ".join(sorted(table)))


def check_guest(run, name, label, model, alone=False):
    """`alone`: the only guest left, its lines not prefixed."""
    sub = run if alone else run.guest(name)
    t.guest_tap(sub, "%s: %s" % (label, name))
    t.line(sub, 'sbitest: device tree model "%s"' % model,
           "%s: %s has its device tree" % (label, name), )
    t.line(sub, "guest: done", "%s: %s reports done" % (label, name))


run = boot(two, smp=2, mem="512M")
t.exited(run, "two guests, intact: QEMU exits by itself")
check_guest(run, "first", "intact", "first")
t.ok(any(l.startswith("[first] ok ") and " initrd: %d bytes at " % os.path.getsize(initrd) in l
         for l in run.lines), "intact: first has its initrd, as packed", run)
check_guest(run, "second", "intact", "given-tree")
t.no_line_starting(run, "monitor: config:", "intact: nothing refused")

# A host tree that names guests of its own: the image's configuration wins.
out = os.path.join(tmp, "host")
extra = guestcfg.build(out, [test_guest(name="fromtree")], smp=2, mem="512M", qemu=QEMU)
run = qemu(bios=two, smp=2, mem="512M", extra=extra)
t.exited(run, "with a host tree's guests: QEMU exits by itself")
t.line(run, "monitor: config: from the firmware image; the host tree's /chosen/sbivisor is ignored",
       "with a host tree's guests: the monitor says whose configuration it uses")
t.ok(not run.matching(r".*fromtree.*"), "with a host tree's guests: the tree's guest never runs", run)
check_guest(run, "first", "with a host tree's guests", "first")

with open(two, "rb") as f:
    good = f.read()
# Each part's damage: what the monitor says and which guest still boots.
cases = (
    ("config", None), ("config-copy", None),
    ("first/kernel", "first"), ("first/initrd", "first"),
    ("second/kernel", "second"), ("second/dtb", "second"),
)
for name, loses in cases:
    with t.case("image.t:169 %s" % ((name, loses),)):
        offset, size = table[name]
        bad = bytearray(good)
        bad[offset + size // 2] ^= 0x40
        path = os.path.join(tmp, "flipped.bin")
        with open(path, "wb") as f:
            f.write(bad)
        label = "%s flipped" % name
        listed = subprocess.run(["python3", MKIMAGE, "list", path], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, universal_newlines=True)
        t.ok(listed.returncode != 0 and
             any(l.split()[1:2] == [name] and l.endswith("DAMAGED") for l in listed.stdout.splitlines()),
             "%s: mkimage list names it damaged" % label)
        run = boot(path, smp=2, mem="512M")
        t.exited(run, "%s: QEMU exits by itself" % label)
        t.match(run, r"monitor: firmware image: part %s: CRC 0x[0-9a-f]{8}, but the table says "
                r"0x[0-9a-f]{8}: damaged" % name, "%s: the monitor names the damaged part" % label)
        t.no_line_starting(run, "monitor: error", "%s: no monitor error" % label)
        if name == "config":
            t.line(run, "monitor: firmware image: the configuration comes from part config-copy",
                   "%s: the copy of the configuration is used" % label)
        for guest, model in (("first", "first"), ("second", "given-tree")):
            if guest == loses:
                prop = {"kernel": "kernel-part", "initrd": "initrd-part",
                        "dtb": "dtb-part"}[name.split("/")[1]]
                t.line(run, "monitor: config: %s: %s: part %s is damaged; guest refused"
                       % (guest, prop, name), "%s: guest %s is refused for it" % (label, guest))
                t.ok(not run.guest(guest).lines, "%s: guest %s never ran" % (label, guest), run)
            else:
                check_guest(run, guest, label, model, alone=loses is not None)

# A damaged header: nothing in the image can be trusted.
bad = bytearray(good)
package = table["package"][0]
t.ok(good[package:package + 8] == b"SBVIMAGE", "the package header is where mkimage says")
bad[package + 64 + 80 * 3 + 4] ^= 0x01
path = os.path.join(tmp, "header.bin")
with open(path, "wb") as f:
    f.write(bad)
run = boot(path, smp=2, mem="512M")
t.exited(run, "header flipped: QEMU exits by itself")
t.match(run, r"monitor: firmware image: at 0x%x: header: CRC 0x[0-9a-f]{8}, but it says "
        r"0x[0-9a-f]{8}: damaged; no guest from the image" % (0x80000000 + package),
        "header flipped: the monitor names the damaged header")
t.line(run, "monitor: no guest configured; powering off", "header flipped: and powers off")

# Truncated inside its last part (second/dtb): that part is damaged.
offset, size = table["second/dtb"]
path = os.path.join(tmp, "truncated.bin")
with open(path, "wb") as f:
    f.write(good[:offset + size // 2])
run = boot(path, smp=2, mem="512M")
t.exited(run, "truncated: QEMU exits by itself")
t.match(run, r"monitor: firmware image: part second/dtb: CRC 0x[0-9a-f]{8}, but the table says "
        r"0x[0-9a-f]{8}: damaged", "truncated: the monitor names the cut part")
t.line(run, "monitor: config: second: dtb-part: part second/dtb is damaged; guest refused",
       "truncated: its guest is refused")
check_guest(run, "first", "truncated", "first", alone=True)

# ---- Refused while packing: each message names the field.
def refused(label, body, want):
    path = os.path.join(tmp, "bad.dts")
    with open(path, "w") as f:
        f.write("/dts-v1/;\n/ { chosen { sbivisor { #address-cells = <2>; #size-cells = <2>;\n"
                "%s\n}; }; };\n" % body)
    made = pack(path, os.path.join(tmp, "bad.bin"))
    t.ok(made.returncode != 0 and want in made.stdout,
         "mkimage refuses %s: %r" % (label, want))
    if want not in made.stdout:
        t.diag(made.stdout)


guest = 'g { compatible = "sbivisor,guest"; cpus = <1>; memory = <0 0x80000000 0 0x200000>; %s };'
refused("a missing file", guest % 'kernel-file = "nothing.bin";',
        "/chosen/sbivisor/g: kernel-file: nothing.bin: No such file or directory")
refused("no kernel", guest % "",
        "/chosen/sbivisor/g: kernel-file: missing (the guest's kernel)")
refused("a file and a range", guest % ('kernel-file = "%s"; kernel = <0 0x84000000 0 0x1000>;'
                                       % initrd),
        "/chosen/sbivisor/g: kernel-file: and kernel: give one, not both")
refused("no guest", "", "/chosen/sbivisor has no node compatible with sbivisor,guest")
t.ok(not os.path.exists(os.path.join(tmp, "bad.bin")), "a refused configuration writes no image")

shutil.rmtree(tmp)
t.done()
