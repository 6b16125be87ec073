/*
 * ast_icao6.c - the ICAO 6-bit character set used by callsign items
 * (I048/240, I021/170, I062/245, I062/380 ID): 8 characters in 6 bytes.
 * Code 0 reads as a space (a zero-filled item is a blank callsign, as
 * Wireshark shows it); the other unassigned codes read as '#', which
 * encodes back to an unassigned code, so decode -> encode -> decode is
 * stable.
 *
 * Encoding is a table look-up per character: sky_ast_icao6_code (built at
 * compile time) holds each character's code XOR 32, the code of a space, so
 * that every character the set lacks - the table's default, 0 - and every
 * position after the end of the string become spaces with one XOR of the
 * whole 48-bit word (SKY_AST_ICAO6_SPACES). Encoders of fixed char[9]
 * fields use sky_ast_icao6_pack8 (ast_core.h), which reads the 8 characters
 * as one word; sky_ast_icao6_encode takes any string and reads no further
 * than its NUL.
 */
#include <string.h>

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

/* Letters of either case are 1..26, digits 48..57, '#' an unused code (27,
 * decoded as '#' again); everything else, the end included, is a space. */
#define CODE(ch, code) [(unsigned char)(ch)] = (code) ^ 32
#define LETTER(n) CODE('A' + (n), (n) + 1), CODE('a' + (n), (n) + 1)
#define DIGIT(n) CODE('0' + (n), 48 + (n))

const uint8_t sky_ast_icao6_code[256] = {
	LETTER(0), LETTER(1), LETTER(2), LETTER(3), LETTER(4), LETTER(5),
	LETTER(6), LETTER(7), LETTER(8), LETTER(9), LETTER(10), LETTER(11),
	LETTER(12), LETTER(13), LETTER(14), LETTER(15), LETTER(16), LETTER(17),
	LETTER(18), LETTER(19), LETTER(20), LETTER(21), LETTER(22), LETTER(23),
	LETTER(24), LETTER(25),
	DIGIT(0), DIGIT(1), DIGIT(2), DIGIT(3), DIGIT(4), DIGIT(5), DIGIT(6),
	DIGIT(7), DIGIT(8), DIGIT(9),
	CODE('#', 27),
};

void sky_ast_icao6_encode(const char *in, uint8_t p[6])
{
	uint64_t v = 0;
	int i = 0;
	for (; i < 8 && in[i] != '\0'; i++)
		v = v << 6 | sky_ast_icao6_code[(unsigned char)in[i]];
	v = (v << (6 * (8 - i))) ^ SKY_AST_ICAO6_SPACES;
	uint32_t hi = __builtin_bswap32((uint32_t)(v >> 16));
	uint16_t lo = __builtin_bswap16((uint16_t)v);
	memcpy(p, &hi, 4);
	memcpy(p + 4, &lo, 2);
}
