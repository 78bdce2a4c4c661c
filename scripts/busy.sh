#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Run a command beside BUSY_HOGS (2) processes that each keep a CPU busy,
# as a user's laptop is rarely idle (make test-busy). The hogs end with it.
set -euo pipefail
hogs=()
trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT
for _ in $(seq "${BUSY_HOGS:-2}"); do
	(while :; do :; done) &
	hogs+=($!)
done
echo "busy: ${#hogs[@]} CPU hogs beside: $*"
"$@"
