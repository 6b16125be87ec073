/*
 * ast_registry.c - the categories decoded here, one line each.
 */
#include <string.h>

#include "ast_category.h"

extern const struct sky_ast_category sky_cat001_category;
extern const struct sky_ast_category sky_cat002_category;
extern const struct sky_ast_category sky_cat021_category;
extern const struct sky_ast_category sky_cat034_category;
extern const struct sky_ast_category sky_cat048_category;
extern const struct sky_ast_category sky_cat062_category;

static const struct sky_ast_category *const categories[256] = {
	[1] = &sky_cat001_category,
	[2] = &sky_cat002_category,
	[21] = &sky_cat021_category,
	[34] = &sky_cat034_category,
	[48] = &sky_cat048_category,
	[62] = &sky_cat062_category,
};

const struct sky_ast_category *sky_ast_category_find(uint8_t cat)
{
	return categories[cat];
}

int sky_ast_edition_find(const struct sky_ast_category *c, const char *name)
{
	for (unsigned i = 0; i < c->n_editions; i++)
		if (strcmp(c->editions[i], name) == 0)
			return (int)i;
	return -1;
}
