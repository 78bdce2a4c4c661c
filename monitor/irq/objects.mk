# SPDX-License-Identifier: BSD-2-Clause
#
# irq: the host's interrupt controller, PLIC or AIA, behind host_irq.h. It
# delivers each source to the handler registered for it and knows no
# guest; harts are slots the caller names.

monitor-layers += irq
monitor-irq-uses := boot vdev

monitor-objs-y += irq/host_irq.o irq/plic.o irq/aia.o
