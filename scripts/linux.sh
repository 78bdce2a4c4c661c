#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# `make linux`: a riscv64 Linux Image with our test init in its initramfs.
#
# The source is Debian's `linux` source package of trixie (its orig
# tarball; apt tells where it is and its SHA-256, from the signed Sources
# index). The tested version is pinned and taken while apt offers it;
# else the newest version the archive serves, checked the same way, and
# said so.
# Built out of tree from tinyconfig + tests/linux/linux.config; the Image is
# cached under $SBIVISOR_CACHE/linux/<version>-<key>, the key hashing the
# fragment, this script and the compiler, the Image beside it per init
# hash, so CI and later runs reuse it.
#
# usage: linux.sh <output Image path>
set -euo pipefail

PINNED_VERSION=6.12.107
PINNED_SHA256=efc76d3c78a5d65f42724118c437d11db1c9f6309a5f024ee9a8b1978fdc6919

REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${SBIVISOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sbivisor}
CROSS=${CROSS_COMPILE:-riscv64-linux-gnu-}
JOBS=${JOBS:-2}
OUT=${1:?usage: linux.sh <output Image>}

say() { printf 'linux: %s\n' "$*"; }
die() { printf 'linux: error: %s\n' "$*" >&2; exit 1; }

# The orig tarball of one Debian version of `linux` and its SHA-256, from
# apt's signed index: sets URI, NAME, SHA256, VERSION (upstream).
source_of() {
	local line
	line=$(apt-get source -q --print-uris "linux=$1" 2>/dev/null |
		grep "linux_[0-9.]*\.orig\.tar\.xz'" | head -n1) || return 1
	URI=$(sed -n "s/^'\([^']*\)'.*/\1/p" <<<"$line")
	NAME=$(awk '{print $2}' <<<"$line")
	SHA256=$(sed -n 's/.*SHA256:\([0-9a-f]*\).*/\1/p' <<<"$line")
	VERSION=$(sed -n 's/^linux_\([0-9.]*\)\.orig\.tar\.xz$/\1/p' <<<"$NAME")
}

# Every version of `linux` apt knows from trixie, the pinned one first,
# then the others newest first: an index may name a version whose tarball
# the archive does not serve yet.
candidates() {
	local versions
	versions=$(apt-cache showsrc linux 2>/dev/null |
		sed -n 's/^Version: \(6\.12\.[0-9]*-[0-9]*\)$/\1/p' | sort -Vru) ||
		true
	[ -n "$versions" ] ||
		die "apt does not know linux/trixie (needs the deb-src trixie entry of 'make setup')"
	grep "^$PINNED_VERSION-" <<<"$versions" || true
	grep -v "^$PINNED_VERSION-" <<<"$versions" || true
}

# Download (if not cached) and unpack the first candidate the archive
# serves; sets VERSION and SRC.
fetch_source() {
	local debver tarball
	for debver in $(candidates); do
		source_of "$debver" || continue
		if [ "$VERSION" = "$PINNED_VERSION" ]; then
			[ "$SHA256" = "$PINNED_SHA256" ] ||
				die "apt's SHA-256 for $NAME differs from the pinned one"
		fi
		SRC=$CACHE/linux-$VERSION
		[ -f "$SRC/Makefile" ] && [ -f "$SRC/.sbivisor-unpacked" ] && return
		tarball=$CACHE/$NAME
		mkdir -p "$CACHE"
		if ! echo "$SHA256  $tarball" | sha256sum -c --status 2>/dev/null; then
			[ "$VERSION" = "$PINNED_VERSION" ] ||
				say "Linux $PINNED_VERSION is not offered; trying $VERSION"
			say "downloading $NAME (about 150 MB)"
			if ! curl -fsSL --retry 3 -o "$tarball.part" "$URI"; then
				rm -f "$tarball.part"
				say "the archive does not serve $NAME"
				continue
			fi
			mv "$tarball.part" "$tarball"
			echo "$SHA256  $tarball" | sha256sum -c --status ||
				{ rm -f "$tarball"; die "SHA-256 mismatch for $tarball"; }
		fi
		say "unpacking $NAME"
		rm -rf "$SRC" "$SRC.part"
		mkdir -p "$SRC.part"
		tar -xJf "$tarball" -C "$SRC.part" --strip-components=1
		touch "$SRC.part/.sbivisor-unpacked"
		mv "$SRC.part" "$SRC"
		return
	done
	die "no version of Linux 6.12 that apt knows is served by the archive"
}

# Local copies of the tested tarball spare the apt lookup.
if [ -f "$CACHE/linux-$PINNED_VERSION/.sbivisor-unpacked" ]; then
	VERSION=$PINNED_VERSION
	SRC=$CACHE/linux-$VERSION
else
	fetch_source
fi

FRAGMENT=$REPO/tests/linux/linux.config
INIT_SRC=$REPO/tests/linux/init.c
# The kernel build is keyed by what configures it; the Image also by the
# init, so a changed init relinks in seconds instead of a fresh build.
KERNEL_KEY=$( { echo "$VERSION"; cat "$FRAGMENT" "$0"; "${CROSS}gcc" --version | head -n1; } |
	sha256sum | cut -c1-16)
INIT_KEY=$(sha256sum "$INIT_SRC" | cut -c1-16)
BUILD=$CACHE/linux/$VERSION-$KERNEL_KEY
IMAGE=$BUILD/images/$INIT_KEY/Image

configure() {
	say "configuring Linux $VERSION ($BUILD)"
	rm -rf "$BUILD"
	mkdir -p "$BUILD/obj" "$BUILD/initramfs"
	cat >"$BUILD/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 0755 0 0
file /init $BUILD/initramfs/init 0755 0 0
LIST
	make -s -C "$SRC" O="$BUILD/obj" ARCH=riscv CROSS_COMPILE="$CROSS" tinyconfig
	sed "s|@INITRAMFS@|$BUILD/initramfs.list|" "$FRAGMENT" >"$BUILD/fragment.config"
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD/obj" \
		"$BUILD/obj/.config" "$BUILD/fragment.config" >/dev/null
	make -s -C "$SRC" O="$BUILD/obj" ARCH=riscv CROSS_COMPILE="$CROSS" olddefconfig
	# Every line of the fragment must have made it into .config.
	while read -r want; do
		case "$want" in ""|\#*) continue ;; esac
		grep -qxF "$want" "$BUILD/obj/.config" ||
			die "the kernel config did not take '$want'"
	done <"$BUILD/fragment.config"
	touch "$BUILD/.configured"
}

if [ -f "$IMAGE" ]; then
	say "cached: $IMAGE"
else
	[ -f "$BUILD/.configured" ] || configure
	if [ -f "$BUILD/obj/arch/riscv/boot/Image" ]; then
		say "relinking Linux $VERSION with the changed init"
	else
		say "building Linux $VERSION ($BUILD); about 4 minutes on 2 cores"
	fi
	"${CROSS}gcc" -static -O2 -Wall -Werror -o "$BUILD/initramfs/init" "$INIT_SRC"
	make -s -C "$SRC" O="$BUILD/obj" ARCH=riscv CROSS_COMPILE="$CROSS" -j"$JOBS" Image
	mkdir -p "$(dirname "$IMAGE")"
	cp "$BUILD/obj/arch/riscv/boot/Image" "$IMAGE.part"
	mv "$IMAGE.part" "$IMAGE"
	say "built: $(du -h "$IMAGE" | cut -f1) Image"
fi
mkdir -p "$(dirname "$OUT")"
cp "$IMAGE" "$OUT"
echo "$VERSION" >"$OUT.version"
