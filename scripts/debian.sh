#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Debian trixie's own riscv64 kernel and busybox, as test guests
# (tests/qemu/debian.t, tests/qemu/uboot.t):
#
#     scripts/debian.sh build/debian
#
# The current linux-image-*-riscv64 (what linux-image-riscv64 depends on)
# and busybox-static, downloaded from Debian's registry with apt-get
# download, which checks them against apt's signed index; never installed
# here. They are unpacked into the cache, keyed by the kernel package's
# version, and LINK points there: LINK/vmlinux (the kernel as the package
# has it: a Linux Image with an EFI stub), LINK/root (both packages
# unpacked: the modules, busybox), LINK/versions. A second run finds them
# and downloads nothing. Needs trixie's riscv64 index, which `make setup`
# adds (dpkg's riscv64 architecture and a trixie entry for riscv64 only).
set -euo pipefail

LINK=${1:?usage: scripts/debian.sh LINK}
CACHE_DIR=${SBIVISOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sbivisor}/debian

say() { printf 'debian: %s\n' "$*"; }
die() { printf 'debian: error: %s\n' "$*" >&2; exit 1; }

kernel=$(apt-cache depends linux-image-riscv64:riscv64 2>/dev/null |
	 sed -n 's/^ *Depends: \(linux-image-[^ :]*\).*/\1/p' | head -n1)
[ -n "$kernel" ] ||
	die "apt knows no linux-image-riscv64:riscv64: run 'make setup' as root (it adds trixie's riscv64 index)"
version=${kernel#linux-image-}
dir=$CACHE_DIR/$version

if [ ! -f "$dir/.complete" ]; then
	say "downloading $kernel and busybox-static (riscv64) from Debian"
	rm -rf "$dir"
	mkdir -p "$dir/deb" "$dir/root"
	# apt-get download checks each file against apt's signed index.
	# (As root it warns that _apt cannot write here; that is all.)
	(cd "$dir/deb" && apt-get download -qq "$kernel:riscv64" busybox-static:riscv64 \
		2> >(grep -v 'unsandboxed' >&2)) || die "apt-get download failed"
	for deb in "$dir"/deb/*.deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	[ -f "$dir/root/boot/vmlinux-$version" ] || die "no boot/vmlinux-$version in $kernel"
	[ -x "$dir/root/usr/bin/busybox" ] || die "no usr/bin/busybox in busybox-static"
	ln -sf "root/boot/vmlinux-$version" "$dir/vmlinux"
	for deb in "$dir"/deb/*.deb; do
		dpkg-deb -f "$deb" Package Version | sed 's/^[^:]*: //' | paste -sd ' '
	done > "$dir/versions"
	rm -rf "$dir/deb"
	touch "$dir/.complete"
	say "unpacked in $dir"
fi
mkdir -p "$(dirname "$LINK")"
ln -sfn "$dir" "$LINK"
say "$(paste -sd ';' "$dir/versions" | sed 's/;/; /g') in $LINK"
