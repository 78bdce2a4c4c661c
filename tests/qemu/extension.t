#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The sbivisor SBI extension as docs/sbi-extension.md describes it: found by
# sbi_probe_extension from S-mode, GET_INFO answers version 0.4 and the
# feature bits, bad arguments get the SBI spec's error codes.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemutest import Tap, qemu, build_path

t = Tap()

# The monitor, our S-mode client at boot.
run = qemu(bios=build_path("firmware.bin"), smp=1)
t.line(run, "monitor: firmware: sbivisor extension v0.4, features 0x7",
       "monitor finds the extension: version 0.4, features HART_H, HART_SUSPEND and ILLEGAL_INSN_TO_S")

# A bare-metal S-mode program straight on the firmware (fw_jump).
run = qemu(bios=build_path("fw_jump.bin"), kernel=build_path("guests", "sbiext.elf"))
t.exited(run)
expected = [
    ("sbiext: probe 0x8534256 = 1", "probe_extension(0x08534256) finds it"),
    ("sbiext: GET_INFO(VERSION) error 0 value 0x4", "GET_INFO(VERSION) = 0.4"),
    ("sbiext: GET_INFO(FEATURES) error 0 value 0x7",
     "GET_INFO(FEATURES) = HART_H, HART_SUSPEND on an H hart; ILLEGAL_INSN_TO_S: QEMU's counters are in hardware"),
    ("sbiext: GET_INFO(2) error -2 value 0x0", "GET_INFO(MONITOR_VERSION) from the firmware = SBI_ERR_NOT_SUPPORTED"),
    ("sbiext: GET_INFO(5) error -2 value 0x0", "GET_INFO(VCPU_SWITCHES) from the firmware = SBI_ERR_NOT_SUPPORTED"),
    ("sbiext: GET_INFO(6) error -3 value 0x0", "GET_INFO(unknown attribute) = SBI_ERR_INVALID_PARAM"),
    ("sbiext: GET_INFO(-1) error -3 value 0x0", "GET_INFO(-1) = SBI_ERR_INVALID_PARAM"),
    ("sbiext: FID 3 error -2", "an unknown FID = SBI_ERR_NOT_SUPPORTED"),
    ("sbiext: FID 5 error -2", "YIELD (FID 5) from the firmware = SBI_ERR_NOT_SUPPORTED: it is the monitor's"),
    ("sbiext: HART_SUSPEND(7) error -3", "HART_SUSPEND of an unknown type = SBI_ERR_INVALID_PARAM"),
    ("sbiext: probe 0x8534257 = 0", "the next EID is not served"),
    ("guest: done", "the test program ran to its end"),
]
for line, name in expected:
    with t.case("extension.t:35 %s" % ((line, name),)):
        t.line(run, line, name)

# Without H, the feature bit is clear.
run = qemu(bios=build_path("fw_jump.bin"), kernel=build_path("guests", "sbiext.elf"),
           cpu="rv64,h=false")
t.line(run, "sbiext: GET_INFO(FEATURES) error 0 value 0x4",
       "GET_INFO(FEATURES) has no HART_H on a hart without H (illegal instructions go to S-mode still)")

t.done()
