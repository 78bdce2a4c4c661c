#!/usr/bin/env bash
# Install everything sbivisor needs on Debian 12 (bookworm), idempotently.
#
#  - Debian packages: cross compiler, dtc, QEMU (10.x from bookworm-backports
#    where available), host test libraries;
#  - trixie's riscv64 package index (dpkg's riscv64 architecture), from which
#    scripts/debian.sh downloads Debian's own kernel and busybox for the
#    tests: downloaded only, never installed on this host;
#  - OpenSBI 1.6 source from Debian's `opensbi` source package (trixie),
#    sha256-checked, unpacked into the cache (see OPENSBI_SRC in the Makefile).
#
# A second run with everything in place touches no network.
set -euo pipefail

OPENSBI_VERSION=1.6
OPENSBI_SHA256=d11702103f177a2914e94eec57ce5ed820296d874f6b6525c4482e55d71a3667
CACHE_DIR=${SBIVISOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sbivisor}
OPENSBI_SRC=${OPENSBI_SRC:-$CACHE_DIR/opensbi-$OPENSBI_VERSION}

PACKAGES=(gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu device-tree-compiler
	  libcmocka-dev python3 curl xz-utils ca-certificates make gcc perl dpkg-dev
	  libc6-dev-riscv64-cross flex bison bc u-boot-qemu
	  clang libclang-rt-14-dev	# libFuzzer (tests/fuzz/)
	  gdb-multiarch		# make debug (docs/debugging.md)
	  e2fsprogs)		# the Linux guest's test disk (mke2fs, debugfs)
QEMU_PACKAGE=qemu-system-riscv		# bookworm-backports: QEMU 10.x
QEMU_FALLBACK=qemu-system-misc		# bookworm: QEMU 7.2
SOURCES_DIR=/etc/apt/sources.list.d
BACKPORTS_LIST=$SOURCES_DIR/sbivisor-bookworm-backports.sources
TRIXIE_SRC_LIST=$SOURCES_DIR/sbivisor-trixie-src.sources
# Debian's own riscv64 kernel and busybox as test guests (scripts/debian.sh):
# downloaded from trixie's riscv64 index, never installed here.
TRIXIE_RISCV64_LIST=$SOURCES_DIR/sbivisor-trixie-riscv64.sources
# That index also lists trixie's newer arch-all cross libraries (glibc 2.41
# for riscv64), which bookworm's binutils 2.40 cannot link statically (ld
# crashes on the Linux guest's init): trixie is pinned below bookworm, so
# apt installs from it only what bookworm lacks.
TRIXIE_PIN=/etc/apt/preferences.d/sbivisor-trixie

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

missing_packages() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || printf '%s\n' "$p"
	done
}

qemu_ok() {
	# QEMU >= 7.2 has a usable H extension on virt.
	command -v qemu-system-riscv64 >/dev/null || return 1
	local v
	v=$(qemu-system-riscv64 --version | sed -n '1s/.*version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
	set -- $v
	[ "${1:-0}" -gt 7 ] || { [ "${1:-0}" -eq 7 ] && [ "${2:-0}" -ge 2 ]; }
}

# Write an apt .sources file derived from the system's own debian.sources, so
# that the mirror the machine already uses is the one we use.
add_suite() {
	local file=$1 types=$2 suite=$3 arch=${4:-}
	[ -f "$file" ] && return 1
	[ -f "$SOURCES_DIR/debian.sources" ] ||
		die "no $SOURCES_DIR/debian.sources to derive the '$suite' entry from; add '$types $suite main' to apt by hand"
	# Keep the first stanza only (the main archive, not the security one).
	awk 'BEGIN { RS = ""; ORS = "\n\n" } NR == 1' "$SOURCES_DIR/debian.sources" |
		sed -e "s/^Types:.*/Types: $types/" -e "s/^Suites:.*/Suites: $suite/" \
		    -e '/^#/d' ${arch:+-e "/^Components:/a Architectures: $arch"} >"$file"
	say "added apt suite '$suite' ($types${arch:+, $arch only}) in $file"
}

pin_trixie() {
	[ -f "$TRIXIE_PIN" ] && return 0
	cat >"$TRIXIE_PIN" <<'PIN'
Explanation: sbivisor (scripts/setup.sh): trixie's riscv64 index is for
Explanation: downloads (scripts/debian.sh); never install from it over bookworm.
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
	say "pinned trixie below bookworm in $TRIXIE_PIN"
}

# Packages an unpinned apt took from trixie (arch-all ones the riscv64
# index lists too: the cross libc, u-boot-qemu, dpkg-dev, ...): back to
# bookworm's own versions. One apt-cache call over every installed package.
restore_bookworm() {
	local fix
	# shellcheck disable=SC2046
	fix=$(apt-cache policy $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' |
				 awk '$1 == "ii" { print $2 }') 2>/dev/null | awk '
		# Installed from trixie: its version is in trixie and in no
		# bookworm suite; then take the newest version bookworm has.
		function flush() {
			if (pkg != "" && from_trixie && !in_bookworm && bookworm != "")
				print pkg "=" bookworm
		}
		/^[^ ]/ { flush(); pkg = $1; sub(/:$/, "", pkg); inst = "";
			  ver = ""; from_trixie = 0; in_bookworm = 0; bookworm = ""; next }
		/^  Installed: / { inst = $2; next }
		/^ (\*\*\*|   ) [^ ]+ [0-9]+$/ { ver = $(NF - 1); next }
		/ trixie\// { if (ver == inst) from_trixie = 1; next }
		/ bookworm(-security|-updates)?\// {
			if (ver == inst) in_bookworm = 1
			if (bookworm == "") bookworm = ver
			next }
		END { flush() }')
	[ -z "$fix" ] && return 0
	say "taking bookworm's versions back from trixie: $(echo $fix)"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --allow-downgrades \
		--no-install-recommends $fix
}

install_packages() {
	local need_update=0
	if [ "$(id -u)" != 0 ]; then
		local miss
		miss=$(missing_packages "${PACKAGES[@]}" | tr '\n' ' ')
		if [ -n "$miss" ] || ! qemu_ok; then
			die "not root: install these Debian packages first: ${miss}${QEMU_PACKAGE} (>= 7.2), or run 'sudo make setup'"
		fi
		return 0
	fi

	add_suite "$BACKPORTS_LIST" deb bookworm-backports && need_update=1
	add_suite "$TRIXIE_SRC_LIST" deb-src trixie && need_update=1
	if ! dpkg --print-foreign-architectures | grep -qx riscv64; then
		dpkg --add-architecture riscv64
		need_update=1
	fi
	add_suite "$TRIXIE_RISCV64_LIST" deb trixie riscv64 && need_update=1
	pin_trixie
	restore_bookworm

	local miss
	miss=$(missing_packages "${PACKAGES[@]}" "$QEMU_PACKAGE")
	if [ -z "$miss" ] && [ "$need_update" = 0 ]; then
		say "Debian packages already installed"
		return 0
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	[ -z "$(missing_packages "${PACKAGES[@]}")" ] ||
		apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
	restore_bookworm
	if [ -n "$(missing_packages "$QEMU_PACKAGE")" ]; then
		apt-get install -y -q --no-install-recommends -t bookworm-backports "$QEMU_PACKAGE" ||
			{ say "no $QEMU_PACKAGE in bookworm-backports, using $QEMU_FALLBACK";
			  apt-get install -y -q --no-install-recommends "$QEMU_FALLBACK"; }
	fi
	qemu_ok || die "qemu-system-riscv64 >= 7.2 is required"
}

fetch_opensbi() {
	if [ -f "$OPENSBI_SRC/Makefile" ] && [ -d "$OPENSBI_SRC/lib/sbi" ]; then
		say "OpenSBI source in $OPENSBI_SRC"
		return 0
	fi
	local tarball=$CACHE_DIR/opensbi_$OPENSBI_VERSION.orig.tar.gz
	mkdir -p "$CACHE_DIR"
	if ! echo "$OPENSBI_SHA256  $tarball" | sha256sum -c --status 2>/dev/null; then
		command -v apt-get >/dev/null ||
			die "no apt-get: unpack OpenSBI $OPENSBI_VERSION yourself and pass OPENSBI_SRC=<dir>"
		local uri
		uri=$(apt-get source -q --print-uris "opensbi/trixie" 2>/dev/null |
			sed -n "s/^'\([^']*opensbi_${OPENSBI_VERSION}\.orig\.tar\.[a-z]*\)'.*/\1/p" | head -n1)
		[ -n "$uri" ] || die "apt does not know opensbi/trixie (needs a deb-src trixie entry: run as root)"
		say "downloading opensbi_$OPENSBI_VERSION.orig.tar.gz"
		curl -fsSL --retry 3 -o "$tarball.part" "$uri"
		mv "$tarball.part" "$tarball"
		echo "$OPENSBI_SHA256  $tarball" | sha256sum -c --status ||
			{ rm -f "$tarball"; die "sha256 mismatch for $tarball"; }
	fi
	local tmp
	tmp=$(mktemp -d "$CACHE_DIR/unpack.XXXXXX")
	tar -xzf "$tarball" -C "$tmp"
	[ -d "$tmp/opensbi-$OPENSBI_VERSION" ] || die "unexpected layout in $tarball"
	rm -rf "$OPENSBI_SRC"
	mkdir -p "$(dirname "$OPENSBI_SRC")"
	mv "$tmp/opensbi-$OPENSBI_VERSION" "$OPENSBI_SRC"
	rmdir "$tmp"
	say "OpenSBI $OPENSBI_VERSION unpacked in $OPENSBI_SRC"
}

if ! grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
	say "this is not Debian 12: install a riscv64-linux-gnu- cross GCC, dtc,"
	say "cmocka, python3 and qemu-system-riscv64 >= 7.2 with your package manager,"
	say "then run 'make OPENSBI_SRC=<your OpenSBI 1.6 tree>'."
	[ -f "${OPENSBI_SRC}/Makefile" ] || exit 1
	exit 0
fi

install_packages
fetch_opensbi
say "done"
