/*
 * stage.c - the registry behind stage.h (a small table filled by
 * constructors before main), and the datagram metadata mbuf field.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf_dyn.h>

#include "stage.h"

#define MAX_STAGES 32

static const struct sky_stage_ops *stages[MAX_STAGES];
static unsigned n_stages;

int sky_dgram_meta_offset = -1;

void sky_stage_register(const struct sky_stage_ops *ops)
{
	if (n_stages < MAX_STAGES)
		stages[n_stages++] = ops;
	else
		fprintf(stderr, "skyfuse: stage table full, '%s' not registered\n", ops->name);
}

const struct sky_stage_ops *sky_stage_find(const char *name)
{
	for (unsigned i = 0; i < n_stages; i++)
		if (strcmp(stages[i]->name, name) == 0)
			return stages[i];
	return NULL;
}

unsigned sky_stage_list(const struct sky_stage_ops **out, unsigned max)
{
	unsigned n = n_stages < max ? n_stages : max;
	memcpy(out, stages, n * sizeof(*out));
	return n;
}

const char *sky_item_kind_name(enum sky_item_kind k)
{
	switch (k) {
	case SKY_ITEM_MBUF:
		return "datagrams";
	case SKY_ITEM_MSG:
		return "messages";
	default:
		return "nothing";
	}
}

int sky_dgram_meta_register(void)
{
	static const struct rte_mbuf_dynfield desc = {
		.name = "skyfuse_dgram_meta",
		.size = sizeof(struct sky_dgram_meta),
		.align = __alignof__(struct sky_dgram_meta),
	};
	int off = rte_mbuf_dynfield_register(&desc);
	if (off < 0)
		return -rte_errno;
	sky_dgram_meta_offset = off;
	return 0;
}
