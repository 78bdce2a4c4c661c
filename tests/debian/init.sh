#!/bin/busybox sh
# SPDX-License-Identifier: BSD-2-Clause
# The init of the Debian guest (tests/qemu/debian.t): Debian trixie's own
# kernel and busybox, the modules from the kernel's package. Checks what
# the kernel makes of the harts and SBI it runs on and prints TAP on the
# console, then reboots once (a file on the disk tells the second boot)
# and powers off.
#
# Kernel command line (debian.t sets it):
#   expect_cpus=N   CPUs the kernel must bring up
#   disk=DEV        an ext2 disk the test made, with /hello.txt
#   net=ADDR        eth0 as ADDR/24, then ping 10.0.2.2 (QEMU's gateway)
#   suspend         suspend to RAM and back (the monitor's wake-up alarm)

/bin/busybox mkdir -p /bin /sbin /proc /sys /dev /mnt /tmp
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

n=0
failed=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n # skip $1"
}
arg() {
	for word in $(cat /proc/cmdline); do
		case "$word" in "$1"=*) echo "${word#*=}" ;; "$1") echo yes ;; esac
	done
}
online() { cat /sys/devices/system/cpu/online; }

cpus=$(arg expect_cpus)
disk=$(arg disk)
net=$(arg net)
echo "debian-init: $(uname -r), $(nproc) CPUs online, $cpus expected"

# The package's modules, in the order debian.t worked out (dependencies first).
for m in $(cat /lib/modules/load-order); do
	insmod "/lib/modules/$m.ko" || echo "debian-init: insmod $m failed"
done

second=no
mounted=no
if [ -n "$disk" ]; then
	# The driver finds its disk a moment after it loads.
	for i in $(seq 50); do [ -b "$disk" ] && break; sleep 0.1; done
	mount -t ext2 "$disk" /mnt && mounted=yes
	ok $? "disk: $disk mounts (ext2, through the package's ext4 module)"
	[ -f /mnt/booted-once ] && second=yes
fi

if [ $second = yes ]; then
	echo "debian-init: second boot, after the reboot"
	[ "$(cat /mnt/booted-once)" = "written before the reboot" ]
	ok $? "reboot: the first boot's file is on the disk"
	rm /mnt/booted-once
	umount /mnt
	echo "1..$n"
	poweroff -f
fi

[ "$(grep -c '^processor' /proc/cpuinfo)" = "$cpus" ]
ok $? "/proc/cpuinfo: $cpus processors"
grep -q '^isa.*rv64' /proc/cpuinfo
ok $? "/proc/cpuinfo: an rv64 isa line ($(sed -n 's/^isa[[:space:]]*: //p' /proc/cpuinfo | head -n1 | cut -c1-40))"

# Each CPU offline, then online again, one at a time (SBI HSM stop, start).
if [ "$cpus" -gt 1 ]; then
	bad=0
	for c in /sys/devices/system/cpu/cpu[0-9]*; do
		[ -f "$c/online" ] || continue
		cpu=${c##*cpu}
		echo 0 > "$c/online" && [ "$(cat "$c/online")" = 0 ] ||
			{ bad=1; echo "debian-init: cpu$cpu offline failed"; }
		echo 1 > "$c/online" && [ "$(cat "$c/online")" = 1 ] ||
			{ bad=1; echo "debian-init: cpu$cpu online failed"; }
	done
	[ "$(online)" = "0-$((cpus - 1))" ] || bad=1
	ok $bad "hotplug: each CPU offline and online again (online: $(online))"
else
	skip "hotplug: one CPU, none to take offline"
fi

# cpuidle: each state the monitor offers (SBI HSM suspend, retentive and
# not) used, made the deepest one allowed in turn (sysfs disable).
idle_usage() {
	local total=0 u
	for u in /sys/devices/system/cpu/cpu*/cpuidle/state$1/usage; do
		total=$((total + $(cat "$u")))
	done
	echo $total
}
idle_allow_up_to() {
	local d state
	for d in /sys/devices/system/cpu/cpu*/cpuidle/state*/disable; do
		state=${d%/disable}
		state=${state##*state}
		echo $([ "$state" -le "$1" ] && echo 0 || echo 1) > "$d"
	done
}
states=$(ls -d /sys/devices/system/cpu/cpu0/cpuidle/state* 2>/dev/null | wc -l)
[ "$states" -ge 2 ]
ok $? "cpuidle: $states idle states"
unused=0
for k in $(seq 0 $((states - 1))); do
	idle_allow_up_to "$k"
	before=$(idle_usage "$k")
	sleep 1
	used=$(($(idle_usage "$k") - before))
	echo "debian-init: idle state $(cat /sys/devices/system/cpu/cpu0/cpuidle/state$k/name) used $used times"
	[ "$used" -gt 0 ] || unused=$((unused + 1))
done
idle_allow_up_to "$states"
ok $unused "cpuidle: every idle state used"

if [ -n "$(arg suspend)" ]; then
	echo mem > /sys/power/state
	ok $? "suspend to RAM and back"
	[ "$(online)" = "$([ "$cpus" -gt 1 ] && echo "0-$((cpus - 1))" || echo 0)" ]
	ok $? "every CPU online after the resume"
fi

if [ $mounted = yes ]; then
	[ "$(cat /mnt/hello.txt)" = "hello from the host" ]
	ok $? "disk: /hello.txt reads back"
	dd if=/dev/urandom of=/mnt/big.bin bs=1024 count=1024 2>/dev/null &&
		sync && [ "$(wc -c < /mnt/big.bin)" = 1048576 ]
	ok $? "disk: 1 MiB written"
fi

if [ -n "$net" ]; then
	ip link set eth0 up && ip addr add "$net/24" dev eth0 &&
		ping -c 1 -W 5 10.0.2.2 > /dev/null
	ok $? "net: eth0 as $net, ping 10.0.2.2"
fi

dmesg > /tmp/dmesg
! grep -E 'Oops|BUG|WARNING|soft lockup|rcu_sched self-detected|SBI error|sbi_err' /tmp/dmesg
ok $? "dmesg: no Oops, BUG, WARNING, soft lockup or SBI complaint"

echo "1..$n"
echo "debian-init: $([ $failed = 0 ] && echo all passed || echo FAILED)"
if [ $mounted = yes ]; then
	echo "written before the reboot" > /mnt/booted-once
	umount /mnt
	echo "debian-init: rebooting"
	reboot -f
fi
poweroff -f
