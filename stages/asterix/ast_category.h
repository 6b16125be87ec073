/*
 * ast_category.h - the table of categories the codec decodes.
 *
 * Each category file exports one `struct sky_ast_category` describing its
 * editions, its record decoder and its formatter; ast_registry.c lists them.
 * The datagram decoder dispatches on the block's category through this table,
 * so adding a category never touches the dispatcher.
 */
#ifndef SKY_AST_CATEGORY_H
#define SKY_AST_CATEGORY_H

#include "ast_core.h"
#include "ast_text.h"

#define SKY_AST_MAX_EDITIONS 4

struct sky_ast_category {
	uint8_t cat;
	const char *name;                               /* "CAT048" */
	uint8_t n_editions;
	const char *editions[SKY_AST_MAX_EDITIONS];     /* [0] newest, the default */
	/*
	 * Decode one record at rec (avail bytes left in the block) into out (the
	 * category's struct). Returns the record size when the record could be
	 * delimited, with err->reason SKY_AST_OK when accepted or a reason when
	 * rejected (e.g. MISSING_MANDATORY: the block goes on); returns 0 when
	 * the record cannot be delimited (the rest of the block is lost). The
	 * err offset is relative to rec.
	 */
	size_t (*decode)(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err);
	/* Append the decoded fields as members of the current object. */
	void (*format)(const void *rec, struct sky_text *t);
	/* Item list (FRN order) of a decoded record, e.g. for stats or --items. */
	const struct sky_ast_uap *(*uap)(unsigned edition);
};

/* NULL when the category is not decoded here. */
const struct sky_ast_category *sky_ast_category_find(uint8_t cat);
/* Edition index by name ("2.6"), or -1. */
int sky_ast_edition_find(const struct sky_ast_category *c, const char *name);

#endif
