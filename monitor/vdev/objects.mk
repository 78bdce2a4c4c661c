# SPDX-License-Identifier: BSD-2-Clause
#
# vdev: the models of what a guest touches that is not RAM: its virtual
# PLIC, APLIC and software IMSIC file, and the decoders of a trapped
# instruction and of its VS-stage walk. Pure: register files and decoders
# that know no guest, no vCPU and no hart; tested on the host.

monitor-layers += vdev
monitor-vdev-pure := y
monitor-vdev-uses :=

monitor-objs-y += vdev/insn.o vdev/vsstage.o vdev/mmio_decode.o \
	vdev/vplic.o vdev/vaplic.o vdev/vimsic.o
