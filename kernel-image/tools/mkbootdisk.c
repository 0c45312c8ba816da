/*
 * mkbootdisk — build an ntscope boot disk image.
 *
 *   mkbootdisk -o OUT --bootsect FILE --loader FILE NAME=PATH...
 *
 * Exit status: 0 on success, 1 when the image cannot be written, 2 on bad usage.
 */
#include "bootfs.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: mkbootdisk -o OUT --bootsect FILE --loader FILE NAME=PATH...\n";

/* Match option `name` given as "name VALUE" or "name=VALUE"; advance *i past it. */
static int option(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len))
		return 0;
	if (argv[*i][len] == '=') {
		*value = argv[*i] + len + 1;
		return 1;
	}
	if (argv[*i][len] || *i + 1 >= argc)
		return 0;
	*value = argv[++*i];
	return 1;
}

/* Report a usage error; return exit status 2. */
static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "mkbootdisk: %s '%s' (see mkbootdisk --help)\n", what, arg);
	return 2;
}

struct args {
	const char *out, *bootsect, *loader;
	struct bootfs_file files[BOOTFS_MAX_FILES];
	int nfiles;
};

/* Parse the command line into a; return -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct args *a)
{
	char *eq;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return fputs(usage_text, stdout) == EOF;
		if (option(argc, argv, &i, "-o", &a->out) || option(argc, argv, &i, "--output", &a->out) ||
		    option(argc, argv, &i, "--bootsect", &a->bootsect) ||
		    option(argc, argv, &i, "--loader", &a->loader))
			continue;
		if (argv[i][0] == '-')
			return bad_usage("unknown option", argv[i]);
		eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i] || !eq[1])
			return bad_usage("expected NAME=PATH, got", argv[i]);
		if (a->nfiles == BOOTFS_MAX_FILES)
			return bad_usage("too many boot files at", argv[i]);
		*eq = 0;
		a->files[a->nfiles++] = (struct bootfs_file){ argv[i], eq + 1 };
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	char err[512];
	int rc = parse_args(argc, argv, &a);

	if (rc >= 0)
		return rc;
	if (!a.out || !a.bootsect || !a.loader) {
		fputs("mkbootdisk: -o, --bootsect and --loader are required\n", stderr);
		fputs(usage_text, stderr);
		return 2;
	}
	if (bootfs_write(a.out, a.bootsect, a.loader, a.files, a.nfiles, err, sizeof(err))) {
		fprintf(stderr, "mkbootdisk: %s\n", err);
		return 1;
	}
	return 0;
}
