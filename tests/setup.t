#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# A second `make setup` with everything in place succeeds without the
# network: every proxy points at a closed port, so any download would fail.
set -u
cd "$(dirname "$0")/.."
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

closed=http://127.0.0.1:9
out=$(http_proxy=$closed https_proxy=$closed HTTP_PROXY=$closed HTTPS_PROXY=$closed \
	timeout 120 bash scripts/setup.sh 2>&1)
rc=$?
ok $rc "setup.sh succeeds again with no network"
grep -q '^setup: OpenSBI source in ' <<<"$out"; ok $? "OpenSBI source found in place"
! grep -q 'downloading' <<<"$out"; ok $? "nothing downloaded"
if [ "$(id -u)" = 0 ]; then
	grep -q '^setup: Debian packages already installed$' <<<"$out"; ok $? "packages found installed, no apt run"
fi
# The cross libc is bookworm's: trixie's (also in the riscv64 index setup
# adds) crashes bookworm's ld in a static link, as of the Linux guest's init.
tmp=$(mktemp -d)
printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
"${CROSS_COMPILE:-riscv64-linux-gnu-}gcc" -static -o "$tmp/t" "$tmp/t.c" >"$tmp/log" 2>&1
ok $? "the cross compiler links a static program"
[ -s "$tmp/log" ] && sed 's/^/# /' "$tmp/log"
rm -rf "$tmp"
# Nor any of the arch-all packages trixie's riscv64 index also offers.
from_trixie=$(apt list --installed 2>/dev/null |
	      grep -- '-riscv64-cross/\|^u-boot-qemu/\|^dpkg-dev/\|^libdpkg-perl/' |
	      grep -v 'oldstable\|bookworm' || true)
[ -z "$from_trixie" ]; ok $? "no cross library, U-Boot or dpkg-dev from trixie${from_trixie:+: $from_trixie}"

[ $failed = 0 ] || printf '# %s\n' "$out" | tail -n 20
echo "1..$n"
exit $((failed > 0))
