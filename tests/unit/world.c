/*
 * world.c — the fake guest world of the API tests (see world.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/elf.h"
#include "schema/schema.h"
#include "tests/unit/world.h"

struct fake f;
struct fixture_layout L;
const struct nts_tracer_api *api;
const struct nts_hot *hot;
sqlite3 *db;
char dbpath[256], err[1024];
static char dir[64];
static struct site last;

uint32_t usym(const char *image, const char *name)
{
	struct nts_image img;
	char path[512];
	uint32_t at = 0;

	snprintf(path, sizeof path, "%s/%s", FIXTURE_DIR, image);
	cr_assert_eq(nts_image_load(&img, "image", path, err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_image_symbol(&img, name, &at), 0, "%s has no %s", image, name);
	nts_image_free(&img);
	return at;
}

uint32_t ksym(const char *name)
{
	return usym("kernel.elf", name);
}

void make_process(uint32_t ep, uint32_t pid, const char *name)
{
	char buf[16] = { 0 };
	memcpy(buf, name, strnlen(name, sizeof buf - 1));    /* NT keeps 15 characters */
	fake_poke32(&f, ep + L.process_id, pid);
	fake_poke(&f, ep + L.image_name, buf, L.image_name_size);
}

void make_thread(uint32_t et, uint32_t tid, uint32_t ep, uint32_t pid)
{
	fake_poke32(&f, et + L.cid_process, pid);
	fake_poke32(&f, et + L.cid_thread, tid);
	fake_poke32(&f, et + L.threads_process, ep);
}

uint32_t kthread(uint32_t et)
{
	return et ? et + L.tcb : 0;
}

void run_as(uint32_t et)
{
	fake_poke32(&f, ksym("KiPcr") + L.current_thread, kthread(et));
}

void set_u8(uint32_t va, uint8_t v)
{
	fake_poke(&f, va, &v, 1);
}

/* The guest world: kernel 4 MB page, a user code page and stack, two processes. */
static void world(void)
{
	fake_init(&f);
	fixture_layout(FIXTURE("kernel.elf"), &L);
	fake_map_large(&f, 0x80000000u, 0x00400000u);
	fake_map(&f, UCODE, 0x00800000u);
	fake_map(&f, USTACK, 0x00900000u);
	make_process(PROCESS_1, 0x10, "smss.exe");
	make_process(PROCESS_2, 0x18, "csrss.exe");
	make_thread(THREAD_A, 0x14, PROCESS_1, 0x10);
	make_thread(THREAD_B, 0x1C, PROCESS_2, 0x18);
	make_thread(THREAD_C, 0x20, PROCESS_1, 0x10);
	run_as(THREAD_A);
	f.regs[NTS_CS] = UCS;
	f.icount = 1000;
}

void world_setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/ntscope-test-api-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/trace.db", dir);
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel.elf"), 1);
	setenv("NTSCOPE_DB", dbpath, 1);
	setenv("NTSCOPE_IMAGES", FIXTURE("ntdll.elf") ":" FIXTURE("hello.elf") ":"
	       FIXTURE("setup-and-wait.elf"), 1);
	setenv("NTSCOPE_WORKLOAD", "unit", 1);
	unsetenv("NTSCOPE_MAX_INSTRUCTIONS");
	unsetenv("NTSCOPE_PROGRESS_FD");
	world();
	db = NULL;
	api = nts_tracer_api();
	cr_assert_eq(api->abi, NTS_ABI_VERSION);
}

void world_teardown(void)
{
	char cmd[128];
	api->close();
	if (db)
		sqlite3_close(db);
	db = NULL;
	fake_free(&f);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
}

void start(void)
{
	cr_assert_eq(api->open(&f.cpu, &hot), 0, "open failed (see stderr)");
	api->exec(ksym("KiSystemStartup"));
}

void finish(void)
{
	api->close();
	cr_assert_eq(nts_db_open_readonly(dbpath, &db, err, sizeof err), 0, "%s", err);
}

int64_t one(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row: %s", sql);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *text(const char *sql)
{
	static char out[1024];
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row: %s", sql);
	snprintf(out, sizeof out, "%s", sqlite3_column_type(st, 0) == SQLITE_NULL ? "(null)"
	         : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

void call(uint32_t addr, const uint32_t *args, int n)
{
	fake_poke32(&f, KSTACK, 0x80101234);
	for (int i = 0; i < n; i++)
		fake_poke32(&f, KSTACK + 4 + 4 * i, args[i]);
	f.regs[NTS_ESP] = KSTACK;
	f.regs[NTS_CS] = KCS;
	api->exec(addr);
}

struct site int2e(uint32_t number, const uint32_t *args, int n)
{
	uint32_t sp = USTACK + 0x100, frame[5] = { UCODE + 2, UCS, 0x202, USTACK + 0x80, 0x23 };
	for (int i = 0; i < n; i++)
		fake_poke32(&f, sp + 4 * i, args[i]);
	for (int i = 0; i < 5; i++)
		fake_poke32(&f, KTRAP + 4 * i, frame[i]);
	f.regs[NTS_EAX] = number;
	f.regs[NTS_EDX] = sp;
	f.regs[NTS_CS] = KCS;
	f.regs[NTS_ESP] = KTRAP;
	api->far_branch(NTS_BR_INT, UCS, UCODE, KCS, ksym("KiSystemService"));
	return last = (struct site){ UCODE + 2, USTACK + 0x80 };
}

struct site sysenter_at(uint32_t sp, uint32_t number, const uint32_t *args, int n)
{
	fake_poke32(&f, sp, usym("ntdll.elf", "KiFastSystemCallRet"));
	fake_poke32(&f, sp + 4, UCODE + 5);
	for (int i = 0; i < n; i++)
		fake_poke32(&f, sp + 8 + 4 * i, args[i]);
	f.regs[NTS_EAX] = number;
	f.regs[NTS_EDX] = sp;
	f.regs[NTS_CS] = KCS;
	f.regs[NTS_ESP] = KTRAP;
	api->far_branch(NTS_BR_SYSENTER, UCS, usym("ntdll.elf", "KiFastSystemCall") + 2, KCS,
	                ksym("KiFastCallEntry"));
	return last = (struct site){ usym("ntdll.elf", "KiFastSystemCallRet"), sp };
}

struct site sysenter(uint32_t number, const uint32_t *args, int n)
{
	return sysenter_at(USTACK + 0x200, number, args, n);
}

void back_to(struct site at, enum nts_branch how, uint32_t status)
{
	f.regs[NTS_EAX] = status;
	f.regs[NTS_CS] = UCS;
	f.regs[NTS_ESP] = at.esp;
	api->far_branch(how, KCS, 0x80101000, UCS, at.eip);
}

void back_to_user(enum nts_branch how, uint32_t status)
{
	back_to(last, how, status);
}
