#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# `make bench` cannot rot: run it once with a small N into build/, check it
# produced its table and JSON. No figure is asserted.
set -u
cd "$(dirname "$0")/.."
build=${SBIVISOR_BUILD:-build}
out=$build/bench-smoke
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

rm -rf "$out"
log=$(timeout 900 python3 scripts/bench.py --n 10 --build "$build" \
	--native-fw "${NATIVE_FW_JUMP:-$build/opensbi-generic/platform/generic/firmware/fw_jump.bin}" \
	--linux "$build/linux/Image" --linux-runs 1 --out "$out" 2>&1)
ok $? "scripts/bench.py runs to its end (N = 10)"
grep -q '^| SBI `probe_extension(BASE)` round trip | [0-9]' "$out/performance.md"; ok $? "the table has a native figure"
grep -q '^| SBI `probe_extension(BASE)` round trip | [0-9][0-9 /]* | [0-9]' "$out/performance.md"; ok $? "and a sbivisor one"
grep -q "^| Linux, .* | [0-9][0-9 /]* | [0-9][0-9 /]* |" "$out/performance.md"; ok $? "the Linux boot row has both figures"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['rows'] and d['footprint']['text'] > 0" "$out/performance.json"
ok $? "the JSON holds rows and the footprint"
[ $failed = 0 ] || printf '# %s\n' "$log" | tail -n 30
echo "1..$n"
exit $((failed > 0))
