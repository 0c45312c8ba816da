/* output.h — writing guest-controlled strings safely: as JSON, HTML or one line of text. */
#ifndef NTSCOPE_OUTPUT_H
#define NTSCOPE_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Write s (len bytes) as a quoted JSON string: '"', '\\' and control characters
 * escaped, valid UTF-8 kept, every other byte written as \u00XX (read as Latin-1).
 * A NULL s is written as null. */
void nts_put_json_string(FILE *out, const char *s, size_t len);

/* The same, also escaping '<', '>' and '&' (as \u003c ...): safe inside an HTML
 * <script> element. */
void nts_put_json_string_html(FILE *out, const char *s, size_t len);

/* Write s (len bytes) as HTML text: markup characters as entities, valid UTF-8 kept,
 * control characters and invalid bytes shown as \xNN. A NULL s writes nothing. */
void nts_put_html(FILE *out, const char *s, size_t len);

/* Write s (len bytes) as text that stays on one line: valid UTF-8 kept, control
 * characters and invalid bytes written as \xNN. */
void nts_put_text(FILE *out, const char *s, size_t len);

/* How many characters nts_put_text writes for s (len bytes). */
size_t nts_text_width(const char *s, size_t len);

/* Open path for writing through a temporary file beside it (tmp, len bytes), or
 * stdout for NULL or "-". NULL with errno set on failure. */
FILE *nts_out_open(const char *path, char *tmp, size_t len);

/* Close out; when ok and nothing failed, rename the temporary file to path, else
 * remove it. 0, or -1 with errno set. */
int nts_out_close(FILE *out, const char *tmp, const char *path, int ok);

#endif
