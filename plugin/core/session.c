/*
 * session.c — opening and closing a traced run: the NTSCOPE_* environment, the images,
 * the trace database and its meta rows.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "plugin/core/session.h"
#include "schema/schema.h"

/* The trace's clock: instructions retired. */
uint64_t nts_now(const struct nts_session *s)
{
	return s->cpu->icount(s->cpu->ctx);
}

/* A register of the emulated CPU now. */
uint32_t nts_reg(const struct nts_session *s, enum nts_reg r)
{
	return s->cpu->reg(s->cpu->ctx, r);
}

int nts_arg(const struct nts_session *s, const struct nts_vm *vm, int n, uint32_t *v)
{
	return nts_vm_read32(vm, nts_reg(s, NTS_ESP) + 4 * (uint32_t)n, v);
}

struct nts_opt nts_field_opt(const struct nts_vm *vm, uint32_t base, const struct nts_field *f)
{
	uint32_t v = 0;
	int ok = base && nts_read_field(vm, base, f, &v) == 0;
	return (struct nts_opt){ ok, v };
}

/* $name, which must be set and non-empty. 0, or -1 with err saying what it is for. */
static int env_required(const char *name, const char *what, const char **out,
                        char *err, size_t errlen)
{
	*out = getenv(name);
	if (*out && **out)
		return 0;
	snprintf(err, errlen, "%s is not set (%s)", name, what);
	return -1;
}

/* $name as an unsigned decimal number, 0 when unset. 0, or -1 with err. */
static int env_number(const char *name, uint64_t *out, char *err, size_t errlen)
{
	const char *v = getenv(name);
	char *end;

	*out = 0;
	if (!v || !*v)
		return 0;
	errno = 0;
	*out = strtoull(v, &end, 10);
	if (errno || *end || v[0] < '0' || v[0] > '9') {
		snprintf(err, errlen, "%s is not a number: '%s'", name, v);
		return -1;
	}
	return 0;
}

/* The fd named by $NTSCOPE_PROGRESS_FD, made non-blocking; -1 when unset. 0, or -1. */
static int progress_fd(int *fd, char *err, size_t errlen)
{
	uint64_t v;
	int flags;

	*fd = -1;
	if (env_number("NTSCOPE_PROGRESS_FD", &v, err, errlen) != 0)
		return -1;
	if (!getenv("NTSCOPE_PROGRESS_FD") || !*getenv("NTSCOPE_PROGRESS_FD"))
		return 0;
	if (v > INT_MAX || (flags = fcntl((int)v, F_GETFL)) < 0) {
		snprintf(err, errlen, "NTSCOPE_PROGRESS_FD %llu is not an open file descriptor",
		         (unsigned long long)v);
		return -1;
	}
	fcntl((int)v, F_SETFL, flags | O_NONBLOCK);
	*fd = (int)v;
	return 0;
}

/* Load the images of the colon-separated list (empty items skipped). 0, or -1. */
static int load_images(struct nts_session *s, const char *list, char *err, size_t errlen)
{
	char path[PATH_MAX];
	size_t n = 1;
	const char *p, *end;

	for (p = list; *p; p++)
		n += *p == ':';
	s->user = calloc(n, sizeof *s->user);
	if (!s->user) {
		snprintf(err, errlen, "out of memory loading NTSCOPE_IMAGES");
		return -1;
	}
	for (p = list; *p; p = *end ? end + 1 : end) {
		if (!(end = strchr(p, ':')))
			end = p + strlen(p);
		if (end == p)
			continue;
		snprintf(path, sizeof path, "%.*s", (int)(end - p), p);
		if (nts_image_load(&s->user[s->nuser], "image", path, err, errlen) != 0)
			return -1;
		s->nuser++;
	}
	return 0;
}

static const char *const sym_kinds[] = { "func", "object", "other" };

/* Write the image row and all its symbols. */
static void write_image(struct nts_session *s, const struct nts_image *img, const char *kind)
{
	char abs[PATH_MAX];
	const char *path = realpath(img->path, abs) ? abs : img->path;
	int64_t id = nts_db_image(&s->db, path, img->name, kind, img->lo, img->hi - img->lo,
	                          img->build_id);
	size_t i;

	for (i = 0; id && i < img->nsyms; i++) {
		const struct nts_sym *sym = &img->syms[i];
		nts_db_symbol(&s->db, id, sym->name, sym->addr, sym->size, sym_kinds[sym->kind]);
	}
}

/* Write the service table as the kernel file defines it. */
static void write_services(struct nts_session *s)
{
	uint32_t i;
	for (i = 0; i < s->k.nservices; i++) {
		const struct nts_service *svc = &s->k.services[i];
		nts_db_service(&s->db, i, svc->name, svc->addr, svc->arg_bytes);
	}
}

/* meta.features (the optional event sources that are on) and meta.missing_hooks. */
static void write_features(struct nts_session *s)
{
	char on[256] = "", missing[sizeof s->k.missing + 32];
	size_t at = 0;
	int i;

	for (i = 0; nts_feature_names[i]; i++)
		if (s->k.features & (1u << i))
			at += snprintf(on + at, sizeof on - at, "%s%s", at ? " " : "", nts_feature_names[i]);
	nts_db_meta(&s->db, "features", on);
	snprintf(missing, sizeof missing, "%s%s%s", s->k.missing,
	         s->user_apc_dispatcher || !s->k.missing[0] ? "" : " ",
	         s->user_apc_dispatcher ? "" : "KiUserApcDispatcher");
	nts_db_meta(&s->db, "missing_hooks", missing);
}

/* The meta rows known when the run starts. */
static void write_meta(struct nts_session *s)
{
	struct nts_db *w = &s->db;
	char abs[PATH_MAX], when[32];
	time_t now = time(NULL);
	const char *v;

	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	nts_db_metaf(w, "schema_version", "%d", NTS_SCHEMA_VERSION);
	nts_db_meta(w, "tracer_version", PACKAGE_VERSION);
	nts_db_meta(w, "emulator", s->cpu->emulator ? s->cpu->emulator : "unknown");
	nts_db_meta(w, "kernel_path", realpath(s->k.img.path, abs) ? abs : s->k.img.path);
	nts_db_meta(w, "kernel_build_id", s->k.img.build_id[0] ? s->k.img.build_id : NULL);
	nts_db_metaf(w, "kernel_services", "%u", s->k.nservices);
	nts_db_meta(w, "start_time", when);
	nts_db_meta(w, "status", "running");
	if ((v = getenv("NTSCOPE_WORKLOAD")) && *v)
		nts_db_meta(w, "workload", v);
	if ((v = getenv("NTSCOPE_IMAGES")) && *v)
		nts_db_meta(w, "images", v);
	if (s->max_instructions)
		nts_db_metaf(w, "max_instructions", "%llu", (unsigned long long)s->max_instructions);
	write_features(s);
}

/* Free everything the session holds (the database must be closed already). */
static void release(struct nts_session *s)
{
	size_t i;
	nts_apc_free(s);
	nts_lpc_free(s);
	nts_ucall_free(s);
	nts_threads_free(s);
	for (i = 0; i < s->nuser; i++)
		nts_image_free(&s->user[i]);
	free(s->user);
	free(s->shared);
	nts_kernel_free(&s->k);
	s->user = NULL;
	s->shared = NULL;
	s->nuser = s->nshared = 0;
	s->hot.span = 0;
}

/* Read and check the whole environment and load the images, before anything is
 * created: a refused start leaves no file. 0, or -1 with err. */
static int configure(struct nts_session *s, const char **db, int *fd, char *err, size_t errlen)
{
	const char *kernel, *images = getenv("NTSCOPE_IMAGES");

	if (env_required("NTSCOPE_KERNEL", "the kernel ELF to trace", &kernel, err, errlen) ||
	    env_required("NTSCOPE_DB", "the trace database to write", db, err, errlen) ||
	    env_number("NTSCOPE_MAX_INSTRUCTIONS", &s->max_instructions, err, errlen) ||
	    progress_fd(fd, err, errlen))
		return -1;
	if (nts_kernel_load(&s->k, kernel, err, errlen) != 0 ||
	    load_images(s, images ? images : "", err, errlen) != 0)
		return -1;
	nts_usersym_init(s);
	nts_ucall_init(s);
	return 0;
}

/* Remove the trace at path and its WAL files (a start that failed half-way). */
static void remove_trace(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char side[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(side, sizeof side, "%s%s", path, suffix[i]);
		unlink(side);
	}
}

/* Write what is known before the guest runs: meta, images, symbols, services. 0, or
 * -1 with err if the database refused any of it. */
static int write_setup(struct nts_session *s, const char *db, char *err, size_t errlen)
{
	char ignore[1];

	write_meta(s);
	write_image(s, &s->k.img, "kernel");
	for (size_t i = 0; i < s->nuser; i++)
		write_image(s, &s->user[i], "user");
	write_services(s);
	if (s->db.errors == 0 && nts_db_commit(&s->db, nts_now(s)) == 0)
		return 0;
	snprintf(err, errlen, "cannot write the trace database %s", db);
	nts_db_close(&s->db, ignore, sizeof ignore);
	remove_trace(db);
	return -1;
}

int nts_session_open(struct nts_session *s, const struct nts_cpu *cpu, char *err, size_t errlen)
{
	const char *db;
	int fd;

	memset(s, 0, sizeof *s);
	s->cpu = cpu;
	if (configure(s, &db, &fd, err, errlen))
		goto fail;
	if (nts_db_create(&s->db, db, err, errlen) != 0) {
		remove_trace(db);
		goto fail;
	}
	s->db.progress_fd = fd;
	if (write_setup(s, db, err, errlen) != 0)
		goto fail;
	nts_db_async(&s->db);
	nts_status_hooks(s);
	nts_lifecycle_hooks(s);
	nts_sched_hooks(s);
	nts_apc_hooks(s);
	nts_lpc_hooks(s);
	nts_handle_hooks(s);
	nts_ucall_hooks(s);
	s->open = 1;
	return 0;
fail:
	release(s);
	return -1;
}

void nts_session_close(struct nts_session *s)
{
	char err[512];
	uint64_t now;

	if (!s->open)
		return;
	s->open = 0;
	now = nts_now(s);
	nts_db_metaf(&s->db, "instructions", "%llu", (unsigned long long)now);
	nts_db_metaf(&s->db, "events", "%llu", (unsigned long long)s->db.events);
	nts_db_metaf(&s->db, "writer_waits", "%lu", nts_writer_waits(&s->db));
	if (s->hooks_dropped)
		nts_db_metaf(&s->db, "hooks_dropped", "%u", s->hooks_dropped);
	if (!s->status)
		nts_db_meta(&s->db, "status", nts_status_interrupted() ? "interrupted" : "stopped");
	nts_db_commit(&s->db, now);
	if (nts_db_close(&s->db, err, sizeof err) != 0)
		fprintf(stderr, "ntscope: %s\n", err);
	release(s);
}
