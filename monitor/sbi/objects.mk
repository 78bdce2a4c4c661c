# SPDX-License-Identifier: BSD-2-Clause
#
# sbi: SBI as guests see it. vsbi.c dispatches, vsbi_table.c holds what
# compiles for the host (lookup, checks, hart masks); every extension is
# one file with one VSBI_EXTENSION descriptor, found through a linker
# section: a new extension is its file and its line below.

monitor-layers += sbi
monitor-sbi-uses := boot vdev irq core

monitor-objs-y += sbi/vsbi.o
monitor-objs-y += sbi/vsbi_table.o
monitor-objs-y += sbi/vsbi_base.o
monitor-objs-y += sbi/vsbi_time.o
monitor-objs-y += sbi/vsbi_ipi.o
monitor-objs-y += sbi/vsbi_rfence.o
monitor-objs-y += sbi/vsbi_hsm.o
monitor-objs-y += sbi/vsbi_srst.o
monitor-objs-y += sbi/vsbi_susp.o
monitor-objs-y += sbi/vsbi_dbcn.o
monitor-objs-y += sbi/vsbi_legacy.o
monitor-objs-y += sbi/vsbi_sbivisor.o
monitor-objs-y += sbi/vsbi_sta.o
monitor-objs-y += sbi/vsbi_fwft.o
