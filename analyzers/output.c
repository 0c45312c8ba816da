/* output.c — escaping guest-controlled strings for JSON and for text. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzers/output.h"

/* The length of the valid UTF-8 sequence (of 2 to 4 bytes) at p, or 0 if there is
 * none there. ASCII is not handled here. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return len;
}

/* The JSON escape for an ASCII byte c, or NULL if c stands for itself. */
static const char *json_escape(unsigned char c)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\b': return "\\b";
	case '\f': return "\\f";
	default: return NULL;
	}
}

/* The JSON string for s; with html, '<', '>' and '&' are escaped too. */
static void put_json(FILE *out, const char *s, size_t len, int html)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	while (i < len) {
		const char *esc = p[i] < 0x80 ? json_escape(p[i]) : NULL;
		if (esc)
			fputs(esc, out);
		else if (p[i] < 0x20 || p[i] == 0x7F || (html && (p[i] == '<' || p[i] == '>' || p[i] == '&')))
			fprintf(out, "\\u%04x", p[i]);
		else if (p[i] < 0x80)
			fputc(p[i], out);
		else if ((n = utf8_seq(p + i, len - i)) != 0) {
			fwrite(p + i, 1, n, out);
			i += n;
			continue;
		} else
			fprintf(out, "\\u%04x", p[i]);
		i++;
	}
	fputc('"', out);
}

void nts_put_json_string(FILE *out, const char *s, size_t len)
{
	put_json(out, s, len, 0);
}

void nts_put_json_string_html(FILE *out, const char *s, size_t len)
{
	put_json(out, s, len, 1);
}

/* Write s as HTML text: '&', '<', '>', '"' and '\'' as entities, valid UTF-8 kept,
 * control characters and invalid bytes shown as \xNN. */
void nts_put_html(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (s && i < len) {
		const char *ent = p[i] == '&' ? "&amp;" : p[i] == '<' ? "&lt;" : p[i] == '>' ? "&gt;" :
		                  p[i] == '"' ? "&quot;" : p[i] == '\'' ? "&#39;" : NULL;
		if (ent) {
			fputs(ent, out);
			i++;
		} else if (p[i] >= 0x20 && p[i] < 0x7F)
			fputc(p[i++], out);
		else if (p[i] < 0x80 || (n = utf8_seq(p + i, len - i)) == 0)
			fprintf(out, "\\x%02X", p[i++]);
		else {
			fwrite(p + i, 1, n, out);
			i += n;
		}
	}
}

void nts_put_text(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (s && i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7F)
			n = 1;
		else if (p[i] < 0x80 || (n = utf8_seq(p + i, len - i)) == 0) {
			fprintf(out, "\\x%02X", p[i++]);
			continue;
		}
		fwrite(p + i, 1, n, out);
		i += n;
	}
}

FILE *nts_out_open(const char *path, char *tmp, size_t len)
{
	int fd;

	tmp[0] = '\0';
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	if (snprintf(tmp, len, "%s.tmp-XXXXXX", path) >= (int)len) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return NULL;
	fchmod(fd, 0644);
	return fdopen(fd, "w");
}

int nts_out_close(FILE *out, const char *tmp, const char *path, int ok)
{
	int rc = 0;

	if (out == stdout)
		return fflush(stdout) == 0 && ok ? 0 : -1;
	if (ferror(out) || fclose(out) != 0 || !ok || rename(tmp, path) != 0)
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}

size_t nts_text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, w = 0;

	while (s && i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7F)
			n = 1;
		else if (p[i] < 0x80 || (n = utf8_seq(p + i, len - i)) == 0) {
			w += 4;
			i++;
			continue;
		}
		w++;
		i += n;
	}
	return w;
}
