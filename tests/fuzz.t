#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The libFuzzer targets of tests/fuzz/ (built by `make fuzz-targets`): each
# replays the inputs that once failed (tests/fuzz/regressions/<name>/),
# then fuzzes for FUZZ_SECONDS (default 30) from a corpus seeded with the
# host tests' device trees. A crash, a sanitizer report or a broken
# invariant fails it; libFuzzer's artifact is named in the diagnostics.
import glob, os, re, shutil, subprocess, sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("SBIVISOR_BUILD", os.path.join(REPO, "build"))
SECONDS = int(os.environ.get("FUZZ_SECONDS", "30"))
TARGETS = ["config", "guest_fdt", "sbi_args", "image"]
SEEDED = {"config", "guest_fdt"}     # those that take device trees

sys.path.insert(0, os.path.join(REPO, "scripts"))
import mkimage  # noqa: E402  (scripts/mkimage.py)


def image_seeds(corpus):
    """Packages as the monitor finds them, behind the fuzzer's flag byte
    (3: the harness seals every CRC): one guest with an initrd and a
    device tree, and two guests sharing a kernel."""
    def part(name, kind, data, offset=None):
        p = mkimage.Part(name, kind, data)
        p.offset = offset
        return p
    tables = [
        [part("firmware", mkimage.FIRMWARE, b"f", 0), part("monitor", mkimage.MONITOR, b"m", 0x1000),
         part("config", mkimage.CONFIG, b"\xd0\x0d\xfe\xed" + bytes(60)),
         part("g/kernel", mkimage.KERNEL, bytes(range(256)) * 3),
         part("g/initrd", mkimage.INITRD, b"sbivisor initrd\n"),
         part("g/dtb", mkimage.DTB, b"\xd0\x0d\xfe\xed")],
        [part("config", mkimage.CONFIG, b"c"), part("config-copy", mkimage.CONFIG, b"c"),
         part("a/kernel", mkimage.KERNEL, b"k" * 100)],
    ]
    for i, table in enumerate(tables):
        with open(os.path.join(corpus, "package-%d" % i), "wb") as f:
            f.write(b"\x03" + mkimage.build_package(table, 0x2000))

n = failed = 0


def ok(cond, name, output=""):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, name))
    if not cond:
        failed += 1
        for line in output.splitlines()[-25:]:
            print("# " + line)
    sys.stdout.flush()


for name in TARGETS:
    exe = os.path.join(BUILD, "fuzz", "fuzz_" + name)
    if not os.path.exists(exe):
        ok(False, "%s: %s is built (make fuzz-targets)" % (name, exe))
        continue
    regressions = sorted(glob.glob(os.path.join(REPO, "tests", "fuzz", "regressions", name, "*")))
    if regressions:
        p = subprocess.run([exe] + regressions, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=300)
        ok(p.returncode == 0, "%s: the %d inputs that once failed pass" % (name, len(regressions)),
           p.stdout.decode(errors="replace"))
    corpus = os.path.join(BUILD, "fuzz", "corpus", name)
    os.makedirs(corpus, exist_ok=True)
    if name in SEEDED:
        for dtb in glob.glob(os.path.join(BUILD, "host", "dts", "*.dtb")):
            shutil.copy(dtb, corpus)
    if name == "image":
        image_seeds(corpus)
    prefix = os.path.join(BUILD, "fuzz", "crash-%s-" % name)
    p = subprocess.run([exe, "-max_total_time=%d" % SECONDS, "-timeout=10",
                        "-rss_limit_mb=2048", "-print_final_stats=1",
                        "-artifact_prefix=" + prefix, corpus],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=SECONDS + 300)
    out = p.stdout.decode(errors="replace")
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
    cov = re.findall(r"cov: (\d+)", out)
    ok(p.returncode == 0, "%s: fuzzed for %d s without a failure (%s runs, coverage %s)" %
       (name, SECONDS, runs.group(1) if runs else "?", cov[-1] if cov else "?"), out)
print("1..%d" % n)
sys.exit(1 if failed else 0)
