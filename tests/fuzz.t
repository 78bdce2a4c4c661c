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
TARGETS = ["config", "guest_fdt", "sbi_args"]
SEEDED = {"config", "guest_fdt"}     # those that take device trees

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
