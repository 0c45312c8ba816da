/*
 * world.h — the tracer driven through nts_tracer_api with a fake CPU: a guest world of
 * kernel objects laid out with the fixture kernel's own offsets (FixtureLayout), ways
 * to act as its CPU (system calls, returns to user mode, hooked functions called with
 * arguments), and queries of the finished trace.
 */
#ifndef NTSCOPE_TEST_WORLD_H
#define NTSCOPE_TEST_WORLD_H

#include <sqlite3.h>
#include <stdint.h>

#include "plugin/core/tracer.h"
#include "tests/unit/fake.h"

#define KCS 0x08
#define UCS 0x1B
#define OBJ 0x80200000u                /* kernel objects (in the kernel's 4 MB page) */
#define THREAD_A (OBJ + 0x0000)        /* ETHREAD addresses */
#define THREAD_B (OBJ + 0x0400)
#define THREAD_C (OBJ + 0x0800)
#define THREAD_D (OBJ + 0x0C00)
#define PROCESS_1 (OBJ + 0x1000)       /* EPROCESS addresses */
#define PROCESS_2 (OBJ + 0x1400)
#define PROCESS_3 (OBJ + 0x1800)
#define APC_1 (OBJ + 0x2000)           /* KAPC addresses */
#define APC_2 (OBJ + 0x2100)
#define APC_3 (OBJ + 0x2200)
#define KSTACK 0x80300000u             /* hooked functions' stack */
#define KTRAP 0x80320000u              /* kernel stack after int 0x2e */
#define USTACK 0x0012F000u
#define UCODE 0x00401000u
#define NT_CLOSE 0
#define NT_TEST_ALERT 2
#define NT_WRITE_FILE 3
#define NT_CONTINUE 5

extern struct fake f;
extern struct fixture_layout L;
extern const struct nts_tracer_api *api;
extern const struct nts_hot *hot;
extern sqlite3 *db;
extern char dbpath[256], err[1024];

/* Where an ordinary return of a system call lands: user EIP and ESP. */
struct site {
	uint32_t eip, esp;
};

/* Criterion .init/.fini: a temp dir, NTSCOPE_* for the fixtures, the guest world
 * (kernel page, user code and stack, processes 1 smss.exe and 2 csrss.exe, threads A
 * and C of 1 and B of 2, A running in user mode, icount 1000). */
void world_setup(void);
void world_teardown(void);

/* Symbols of the fixture kernel, and of a fixture user image ("ntdll.elf", ...). */
uint32_t ksym(const char *name);
uint32_t usym(const char *image, const char *name);

void make_process(uint32_t ep, uint32_t pid, const char *name);
void make_thread(uint32_t et, uint32_t tid, uint32_t ep, uint32_t pid);
uint32_t kthread(uint32_t et);
void run_as(uint32_t et);              /* KiPcr's CurrentThread := et's KTHREAD (0: none) */
void set_u8(uint32_t va, uint8_t v);

void start(void);                      /* open, then the kernel starts (KiSystemStartup) */
void finish(void);                     /* close, open the trace as db */
int64_t one(const char *sql);
const char *text(const char *sql);

/* Execute the hooked function at addr with these stack arguments (ESP at KSTACK). */
void call(uint32_t addr, const uint32_t *args, int n);

/* User code enters the kernel with EAX = number, arguments at EDX: int 0x2e from
 * UCODE with ESP = USTACK + 0x80; sysenter from ntdll!KiFastSystemCall with ESP =
 * sp (sysenter_at) or USTACK + 0x200. Each returns where an ordinary return lands. */
struct site int2e(uint32_t number, const uint32_t *args, int n);
struct site sysenter(uint32_t number, const uint32_t *args, int n);
struct site sysenter_at(uint32_t sp, uint32_t number, const uint32_t *args, int n);

/* The kernel returns to user mode at site with EAX = status (back_to_user: to the
 * site of the last entry). */
void back_to(struct site at, enum nts_branch how, uint32_t status);
void back_to_user(enum nts_branch how, uint32_t status);

#endif
