/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the host tests. */
#ifndef TESTS_HOST_TESTUTIL_H
#define TESTS_HOST_TESTUTIL_H

/* The whole of TEST_DTB_DIR/name in a malloc'ed buffer (fails the test if absent). */
void *load_dtb(const char *name);

#endif
