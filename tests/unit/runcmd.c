/*
 * runcmd.c — the ntscope under test (NTSCOPE_BIN) as a child process, and the analyzer
 * tests' scratch files.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/runcmd.h"

size_t slurp(const char *p, char *buf, size_t len)
{
	FILE *fp = fopen(p, "rb");
	size_t n;

	cr_assert_not_null(fp, "%s", p);
	n = fread(buf, 1, len - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return n;
}

int run_ntscope(const char *dir, char *out, size_t outsz, char *err, size_t errsz, const char *arg, ...)
{
	const char *argv[16] = { "ntscope", arg };
	char o[400], e[400];
	va_list ap;
	int n = 2, status;
	pid_t pid;

	va_start(ap, arg);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	snprintf(o, sizeof o, "%s/out", dir);
	snprintf(e, sizeof e, "%s/err", dir);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		dup2(open(o, O_WRONLY | O_CREAT | O_TRUNC, 0600), 1);
		dup2(open(e, O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
		execv(NTSCOPE_BIN, (char *const *)argv);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	slurp(o, out, outsz);
	slurp(e, err, errsz);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void remove_tree(const char *dir)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
}

int count_of(const char *hay, const char *needle)
{
	int n = 0;
	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}
