#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Linux as a guest (`make linux`: Debian's Linux with tests/linux/init.c as
# init). Under the monitor on 1, 2 and 4 vCPUs (and 2 without Sstc, and 2
# on QEMU's max and rva23s64 CPUs), then the same Image on plain
# OpenSBI 1.6 (fw_jump of the generic platform) as the baseline. The init
# prints TAP for what Linux makes of SBI: extensions detected, hart count,
# hotplug through HSM, cpuidle through HSM suspend, suspend to RAM through
# SUSP, then a reboot (a marker in memory Linux leaves alone, mem=, tells the
# second boot) and power-off through SRST. Each boot's TAP is re-told here;
# the console is also searched for SBI complaints Linux prints at run time.
# Then Linux beside the test guest, which reboots itself 10 times meanwhile:
# on harts of their own, and taking turns on shared harts.
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import (VIRTIO_DISK, VIRTIO_NET, Tap, boot_guests, build_path, ext2_cat, guestcfg,
                      make_ext2, qemu, test_guest, virtio_args)

SBIVISOR_IMPL_ID = 0x53425653
OPENSBI_IMPL_ID = 1
GUEST_MEM = 128 << 20
# The monitor resumes a guest suspended to RAM after this long: the wake-up
# source of the suspend test (docs/config-binding.md).
WAKEUP_MS = 200
# Kernel messages that mean Linux found fault with the SBI it runs on.
BAD = re.compile(r"SBI error|sbi_err|failed to come online|not available|"
                 r"[Uu]nable to|BUG|WARNING|Oops|[Pp]anic")
# Linux's own hotplug check can race a stopping hart on any SBI
# implementation, before the dying CPU reaches its hart_stop (the monitor
# waits out STOP_PENDING: the slow-stop row); counted, not a failure.
RACE = "may not have stopped"

image = build_path("linux", "Image")
t = Tap()


def boots(run):
    """The console split into the init's boots: lists of lines."""
    parts = []
    for line in run.lines:
        if line.startswith("init: sbivisor Linux test"):
            parts.append([])
        if parts:
            parts[-1].append(line)
    return parts


def retell(label, lines, run):
    results = [l for l in lines if re.fullmatch(r"(not )?ok \d+( - .*| # skip .*)?", l)]
    plans = [l for l in lines if re.fullmatch(r"1\.\.\d+", l)]
    for l in results:
        good = l.startswith("ok ")
        text = l.split(" - ", 1)[1] if " - " in l else "skip: " + l.split(" # skip ", 1)[1]
        t.ok(good, "%s: %s" % (label, text), None if good else run)
    planned = int(plans[0][3:]) if len(plans) == 1 else -1
    t.ok(planned > 0 and planned == len(results),
         "%s: the init ran all %d planned subtests (ran %d)" % (label, planned, len(results)),
         run)


def check_console(label, run):
    kernel = [l for l in run.lines if l.startswith("[")]
    bad = [l for l in kernel if BAD.search(l)]
    t.ok(not bad, "%s: no SBI complaint, warning or oops on the console" % label, run)
    for l in bad[:5]:
        t.diag("unexpected: " + l)
    races = [l for l in kernel if RACE in l]
    t.diag("%s: Linux's hotplug race line %r: %d time(s)" % (label, RACE, len(races)))
    retried = run.matching(r"init: CPU \d+ online at attempt \d+")
    t.ok(len(retried) <= len(races),
         "%s: a CPU needed another attempt to come online only after Linux's race line "
         "(%d retried, %d race lines)" % (label, len(retried), len(races)), run)


def check_run(label, run, impl_id):
    t.exited(run, "%s: QEMU exits by itself (SRST power-off)" % label)
    parts = boots(run)
    t.ok(len(parts) == 2, "%s: Linux booted twice (the reboot came back)" % label, run)
    if parts:
        retell(label, parts[0], run)
        t.ok("init: all passed" in parts[0], "%s: the init reports all passed" % label, run)
    if len(parts) > 1:
        t.ok("init: second boot, after the reboot" in parts[1] and
             "ok 1 - reboot: the guest came back" in parts[1],
             "%s: the second boot found the first boot's marker" % label, run)
    check_console(label, run)


if not os.path.exists(image):
    t.ok(False, "%s exists (make linux builds it)" % image)
    t.done()

# Without Sstc the monitor keeps the guest's timer. QEMU's max and
# rva23s64 CPUs have Smstateen: Linux writes senvcfg at every switch there.
for vcpus, cpu in ((1, "rv64"), (2, "rv64"), (4, "rv64"), (2, "rv64,sstc=false"),
                   (2, "max"), (2, "rva23s64")):
    with t.case("linux.t:95 %s" % ((vcpus, cpu),)):
        label = "monitor, %d vCPU%s%s" % (vcpus, "s" if vcpus > 1 else "",
                                          "" if cpu == "rv64" else ", " + cpu)
        bootargs = ("console=hvc0 earlycon=sbi mem=120M boot_marker=0x87800000 "
                    "expect_cpus=%d expect_impl=0x%x" % (vcpus, SBIVISOR_IMPL_ID))
        if cpu in ("max", "rva23s64"):
            bootargs += " vector=2000"      # v in /proc/cpuinfo, three processes using it
        if vcpus == 2 and cpu == "rv64":
            bootargs += " steal=dedicated"  # SBI STA: no steal on harts of their own
        guest = guestcfg.Guest("linux", image, cpus=vcpus, memory=GUEST_MEM, bootargs=bootargs,
                               wakeup_ms=WAKEUP_MS)
        run = boot_guests([guest], smp=vcpus, cpu=cpu)
        check_run(label, run, SBIVISOR_IMPL_ID)
        t.line(run, "monitor: guest linux: suspended to RAM",
               "%s: the monitor saw the suspend to RAM" % label)
        t.line(run, "monitor: guest linux: resumed", "%s: and the resume" % label)
        t.line(run, "monitor: guest linux: rebooting", "%s: the monitor rebooted the guest" % label)
        t.line(run, "monitor: no guest left; powering off",
               "%s: the monitor powered off after the guest" % label)
        t.ok(not run.matching(r"monitor: guest linux vcpu .*; guest stopped"),
             "%s: no vCPU stopped by the monitor" % label, run)

# SBI STA: Linux's two vCPUs taking turns on one hart, both busy for 2 s:
# /proc/stat's steal rises (on harts of their own, above, it stays 0).
bootargs = ("console=hvc0 earlycon=sbi mem=120M boot_marker=0x87800000 "
            "expect_cpus=2 expect_impl=0x%x steal=shared" % SBIVISOR_IMPL_ID)
guest = guestcfg.Guest("linux", image, cpus=2, harts=[0, 0], memory=GUEST_MEM, bootargs=bootargs,
                       wakeup_ms=WAKEUP_MS)
run = boot_guests([guest], smp=1, sbivisor_extra="\t\tshared-harts = <0>;", timeout=400)
check_run("monitor, 2 vCPUs on one hart", run, SBIVISOR_IMPL_ID)

# A hart that takes long to stop, as a busy host's may (QEMU's thread for
# it not scheduled): each hart_stop is held STOP_PENDING for 50 ms. Linux
# asks HSM for the state of a CPU once, right after it reported its death,
# and suspends to RAM next: the monitor answers once the stop is done.
bootargs = ("console=hvc0 earlycon=sbi mem=120M boot_marker=0x87800000 "
            "expect_cpus=2 expect_impl=0x%x" % SBIVISOR_IMPL_ID)
guest = guestcfg.Guest("linux", image, cpus=2, memory=GUEST_MEM, bootargs=bootargs,
                       wakeup_ms=WAKEUP_MS)
run = boot_guests([guest], smp=2, sbivisor_extra='\t\tsbivisor,test-fault = "slow-stop";')
label = "monitor, 2 vCPUs, each hart_stop 50 ms long"
t.line(run, 'monitor: sbivisor,test-fault "slow-stop": each hart_stop takes 50 ms',
       "%s: asked for" % label)
check_run(label, run, SBIVISOR_IMPL_ID)
t.ok(not run.matching(r"\[.*\] HART\d+ isn't stopped; status 3"),
     "%s: Linux never saw a CPU STOP_PENDING (status 3) after it died" % label, run)
t.line(run, "monitor: guest linux: resumed", "%s: the suspend to RAM came back" % label)

# Beside the test guest, which reboots itself 10 times and then runs its
# suite while Linux runs: on their own harts (2 + 2 of 4), then taking turns
# on the same 2 harts (shared-harts).
for label, smp, lharts, tharts, extra in (
        ("beside the test guest, 4 harts", 4, [0, 1], [2, 3], ""),
        ("sharing 2 harts with the test guest", 2, [0, 1], [0, 1], "\t\tshared-harts = <0 1>;")):
    with t.case("linux.t:136 %s" % ((label, smp, lharts, tharts, extra),)):
        bootargs = ("console=hvc0 earlycon=sbi mem=120M boot_marker=0x87800000 "
                    "expect_cpus=2 expect_impl=0x%x" % SBIVISOR_IMPL_ID)
        linux = guestcfg.Guest("linux", image, cpus=2, harts=lharts, memory=GUEST_MEM,
                               bootargs=bootargs, wakeup_ms=WAKEUP_MS)
        tests = test_guest(name="tests", cpus=2, harts=tharts, high=True,
                           bootargs="reboots=0xa" + (" yield" if extra else ""))
        run = boot_guests([linux, tests], smp=smp, sbivisor_extra=extra, timeout=300)
        check_run(label + ": linux", run.guest("linux"), SBIVISOR_IMPL_ID)
        t.guest_tap(run.guest("tests"), label + ": tests")
        rebooted = "[tests] sbitest: rebooted 10 times"
        linux_done = "[linux] init: all passed"
        t.ok(rebooted in run.lines and linux_done in run.lines and
             len(run.matching(r"\[tests\] sbitest: reboot \d+ of 10")) == 10 and
             run.lines.index(rebooted) < run.lines.index(linux_done),
             "%s: the test guest rebooted 10 times while Linux ran its tests" % label, run)
        t.ok(not run.matching(r"monitor: guest linux: (rebooting|booting at).*") or
             len(run.matching(r"monitor: guest linux: booting at.*")) == 2,
             "%s: Linux booted only for its own reboot" % label, run)
        t.line(run, "monitor: no guest left; powering off", "%s: both ended; power-off" % label)

# Vector on a shared hart (rva23s64): Linux's three vector processes beside
# the fuzzing guest's isolation check (v0-v31 and every CSR it reaches, of
# its own), which takes turns with Linux's first vCPU on hart 0.
bootargs = ("console=hvc0 earlycon=sbi mem=120M boot_marker=0x87800000 "
            "expect_cpus=2 expect_impl=0x%x vector=4000" % SBIVISOR_IMPL_ID)
linux = guestcfg.Guest("linux", image, cpus=2, harts=[0, 1], memory=GUEST_MEM,
                       bootargs=bootargs, wakeup_ms=WAKEUP_MS)
vectors = guestcfg.Guest("vectors", build_path("guests", "fuzz.bin"), cpus=1, harts=[0],
                         gpa=0x90000000, bootargs="csrswap=3000")
run = boot_guests([linux, vectors], smp=2, cpu="rva23s64", timeout=400,
                  sbivisor_extra="\t\tshared-harts = <0>;")
label = "vector, sharing hart 0 with another vector guest"
check_run(label + ": linux", run.guest("linux"), SBIVISOR_IMPL_ID)
t.guest_tap(run.guest("vectors"), label + ": the other guest")
t.line(run, "monitor: no guest left; powering off", "%s: both ended; power-off" % label)

# Devices passed through: a virtio disk (an ext2 image made here) and a
# virtio network card on QEMU's user-mode network, their interrupts
# through the guest's virtual interrupt controller. DMA needs the guest's
# RAM at its own host address (no IOMMU): 0x90000000.
DISK_NOTE = b"written by Linux under sbivisor\n"
# On rv64 with each interrupt controller; on max and rva23s64 with the AIA
# ones (their PLIC rows are above; Debian's kernel adds max x guest files).
GUEST_FILES, SOFTWARE_FILES = "virt,aia=aplic-imsic,aia-guests=2", "virt,aia=aplic-imsic"
for label, machine, cpu in (("devices, PLIC", "virt", "rv64"),
                            ("devices, AIA guest files", GUEST_FILES, "rv64"),
                            ("devices, AIA software files", SOFTWARE_FILES, "rv64"),
                            ("devices, AIA software files, max", SOFTWARE_FILES, "max"),
                            ("devices, AIA guest files, rva23s64", GUEST_FILES, "rva23s64"),
                            ("devices, AIA software files, rva23s64", SOFTWARE_FILES,
                             "rva23s64")):
    with t.case("linux.t:183 %s" % ((label, machine, cpu),)):
        disk = make_ext2(build_path("linux-disk.img"), {"hello.txt": b"hello from the host\n"})
        bootargs = ("console=hvc0 earlycon=sbi mem=120M boot_marker=0x97800000 expect_cpus=2 "
                    "expect_impl=0x%x disk=/dev/vda net=10.0.2.15" % SBIVISOR_IMPL_ID)
        guest = guestcfg.Guest("linux", image, cpus=2, memory=GUEST_MEM, gpa=0x90000000,
                               bootargs=bootargs, wakeup_ms=WAKEUP_MS,
                               devices=[VIRTIO_DISK, VIRTIO_NET])
        run = boot_guests([guest], smp=2, cpu=cpu, machine=machine, timeout=300,
                          qemu_extra=virtio_args(disk=disk, net=True))
        check_run(label, run, SBIVISOR_IMPL_ID)
        t.line(run, "monitor: guest linux: 2 vCPUs on harts 0 1, RAM 0x90000000-0x97ffffff at host "
               "0x90000000, VMID 1", "%s: its RAM at its own host address, for DMA" % label)
        second = boots(run)[1:2] or [[]]
        for want in ("disk: /dev/vda mounts (ext2)",
                     "disk: after the reboot, /guest.txt holds what the first boot wrote",
                     "disk: and /big.bin its 1 MiB"):
            t.ok(any(l.startswith("ok ") and l.endswith(" - " + want) for l in second[0]),
                 "%s: second boot: %s" % (label, want), run)
        t.ok(ext2_cat(disk, "guest.txt") == DISK_NOTE,
             "%s: the host finds /guest.txt on the disk afterwards" % label, run)

# Plain OpenSBI: QEMU resets the machine for the reboot (no -no-reboot).
native_fw = os.environ.get("NATIVE_FW_JUMP", build_path("opensbi-generic", "platform", "generic",
                                                        "firmware", "fw_jump.bin"))
run = qemu(bios=native_fw,
           kernel=image, smp=2, mem="512M", no_reboot=False,
           extra=["-append", "console=hvc0 earlycon=sbi mem=256M boot_marker=0x90000000 "
                  "expect_cpus=2 expect_impl=0x%x native" % OPENSBI_IMPL_ID])
check_run("plain OpenSBI, 2 harts", run, OPENSBI_IMPL_ID)
t.done()
