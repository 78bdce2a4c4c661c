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
[ $failed = 0 ] || printf '# %s\n' "$out" | tail -n 20
echo "1..$n"
exit $((failed > 0))
