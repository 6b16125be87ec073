/*
 * ast_icao6.c - the ICAO 6-bit character set used by callsign items
 * (I048/240, I021/170, I062/245): 8 characters in 6 bytes. Code 0 reads
 * as a space (a zero-filled item is a blank callsign, as Wireshark shows
 * it); the other unassigned codes read as '#', which encodes back to an
 * unassigned code, so decode -> encode -> decode is stable.
 */
#include "ast_core.h"

static const char icao6_chars[64] =
	" ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######";

void sky_ast_icao6_decode(const uint8_t p[6], char out[9])
{
	uint64_t v = (uint64_t)sky_rd24(p) << 24 | sky_rd24(p + 3);
	for (int i = 0; i < 8; i++)
		out[i] = icao6_chars[(v >> (42 - 6 * i)) & 0x3f];
	int n = 8;
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static unsigned icao6_code(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A' + 1);
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a' + 1);
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0' + 48);
	if (c == '#')
		return 27; /* an unused code, decoded as '#' again */
	return 32; /* space for everything else, including the end */
}

void sky_ast_icao6_encode(const char *in, uint8_t p[6])
{
	uint64_t v = 0;
	int ended = 0;
	for (int i = 0; i < 8; i++) {
		if (!ended && in[i] == '\0')
			ended = 1;
		v = v << 6 | (ended ? 32u : icao6_code(in[i]));
	}
	for (int i = 0; i < 6; i++)
		p[i] = (uint8_t)(v >> (40 - 8 * i));
}
