/*
 * status.c — how the run starts and ends. It starts when the kernel does (its entry
 * KiSystemStartup executes; without that symbol, when paging is on): before that the
 * BIOS and the boot loader run, and the tracer records nothing. It ends with power-off
 * (the guest writes "Shutdown" to port 0x8900), bugcheck (KeBugCheckEx executes), or
 * the instruction limit. The first terminal status sticks; meta.status says 'running'
 * until then, 'interrupted' after a SIGINT, and 'stopped' otherwise.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "plugin/core/session.h"

#define SHUTDOWN_PORT 0x8900
#define CR0_PG 0x80000000u

static const char shutdown_word[] = "Shutdown";

/* Firmware time is over. */
static void start(struct nts_session *s)
{
	if (s->started)
		return;
	s->started = 1;
	nts_db_metaf(&s->db, "kernel_start_ts", "%llu", (unsigned long long)nts_now(s));
}

/* At KiSystemStartup. */
static void kernel_entry(struct nts_session *s, uint32_t eip)
{
	start(s);
}

int nts_started(struct nts_session *s)
{
	if (!s->started && !s->k.system_startup && (nts_reg(s, NTS_CR0) & CR0_PG))
		start(s);
	return s->started;
}

void nts_status_set(struct nts_session *s, const char *status)
{
	if (s->status)
		return;
	s->status = status;
	nts_db_meta(&s->db, "status", status);
	nts_db_commit(&s->db, nts_now(s));
}

static struct nts_session *interruptible;
static volatile sig_atomic_t interrupted;

/* SIGINT: stop the emulator at the next instruction boundary; close() records it. */
static void on_sigint(int sig)
{
	interrupted = 1;
	if (interruptible)
		interruptible->cpu->request_stop(interruptible->cpu->ctx);
}

void nts_status_claim_sigint(struct nts_session *s)
{
	struct sigaction sa;

	if (s->sigint_claimed)
		return;
	s->sigint_claimed = 1;
	interruptible = s;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

int nts_status_interrupted(void)
{
	return interrupted != 0;
}

/* Ask the emulator to stop, once. */
static void stop(struct nts_session *s)
{
	if (s->stop_requested)
		return;
	s->stop_requested = 1;
	s->cpu->request_stop(s->cpu->ctx);
}

void nts_status_tick(struct nts_session *s)
{
	uint64_t now;
	if (s->db.errors && !s->stop_requested) {
		stop(s);
		return;
	}
	if (s->stop_requested || (!s->max_instructions && !s->stop_at))
		return;
	now = nts_now(s);
	if (s->max_instructions && now >= s->max_instructions) {
		nts_status_set(s, "max_instructions");
		stop(s);
	} else if (s->stop_at && now >= s->stop_at) {
		stop(s);
	}
}

/* Follow Bochs' shutdown port: each letter of "Shutdown" in turn advances, a letter
 * out of turn is ignored, anything else starts over; all eight power the machine off. */
void nts_status_outp(struct nts_session *s, uint16_t port, unsigned len, unsigned value)
{
	const char *at = value && value < 0x80 ? strchr(shutdown_word, (int)value) : NULL;

	if (port != SHUTDOWN_PORT)
		return;
	if (!at)
		s->shutdown_matched = 0;
	else if ((unsigned)(at - shutdown_word) == s->shutdown_matched)
		s->shutdown_matched++;
	if (s->shutdown_matched == sizeof shutdown_word - 1) {
		s->shutdown_matched = 0;
		nts_status_set(s, "poweroff");
	}
}

/* At KeBugCheckEx's entry: [esp] return address, [esp+4] code, [esp+8..+20] params. */
void nts_status_bugcheck(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	uint32_t esp = nts_reg(s, NTS_ESP), v[5];
	char text[5][11];
	int i;

	if (s->status)
		return;
	for (i = 0; i < 5; i++) {
		if (nts_vm_read32(&vm, esp + 4 + 4 * i, &v[i]) == 0)
			snprintf(text[i], sizeof text[i], "0x%08X", v[i]);
		else
			snprintf(text[i], sizeof text[i], "?");
	}
	nts_db_meta(&s->db, "bugcheck_code", text[0]);
	nts_db_metaf(&s->db, "bugcheck_params", "%s %s %s %s", text[1], text[2], text[3], text[4]);
	nts_db_metaf(&s->db, "bugcheck_ts", "%llu", (unsigned long long)nts_now(s));
	nts_status_set(s, "bugcheck");
	if (!s->stop_at)
		s->stop_at = nts_now(s) + NTS_BUGCHECK_GRACE;
}

void nts_status_hooks(struct nts_session *s)
{
	nts_hook_add(s, s->k.bugcheck, nts_status_bugcheck);
	if (s->k.features & NTS_F_START)
		nts_hook_add(s, s->k.system_startup, kernel_entry);
}
