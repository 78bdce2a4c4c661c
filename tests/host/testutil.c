// SPDX-License-Identifier: BSD-2-Clause
/* Shared by the host tests. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "testutil.h"

void *load_dtb(const char *name)
{
	char path[512];
	FILE *f;
	long size;
	void *data;

	snprintf(path, sizeof(path), "%s/%s", TEST_DTB_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = malloc(size);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, size, f), size);
	fclose(f);
	return data;
}
