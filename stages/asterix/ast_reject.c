/*
 * ast_reject.c - names and descriptions of the codec's rejection reasons,
 * expanded from the single X-macro list in ast_core.h.
 */
#include "ast_core.h"

static const char *const reject_names[SKY_AST_REJ_COUNT] = {
	[SKY_AST_OK] = "ok",
#define NAME(n, d) [SKY_AST_REJ_##n] = #n,
	SKY_AST_FOREACH_REJECT(NAME)
#undef NAME
};

static const char *const reject_descs[SKY_AST_REJ_COUNT] = {
	[SKY_AST_OK] = "accepted",
#define DESC(n, d) [SKY_AST_REJ_##n] = d,
	SKY_AST_FOREACH_REJECT(DESC)
#undef DESC
};

const char *sky_ast_reject_name(enum sky_ast_reject r)
{
	return (unsigned)r < SKY_AST_REJ_COUNT ? reject_names[r] : "INVALID_REASON";
}

const char *sky_ast_reject_desc(enum sky_ast_reject r)
{
	return (unsigned)r < SKY_AST_REJ_COUNT ? reject_descs[r] : "invalid reason code";
}
