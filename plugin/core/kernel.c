/*
 * kernel.c — the kernel contract: symbols, service table, DWARF offsets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/kernel.h"

#define MAX_SERVICES 4096              /* table 0: EAX & 0xFFF */

const char *const nts_feature_names[] = {
	"start", "process", "thread", "sched", "wakeup", "ready", "apc", "user_apc", "lpc",
	"handle", "ucall", NULL
};

static const struct {
	const char *name;
	size_t at;
} symbols[] = {
	{ "KiPcr", offsetof(struct nts_kernel, ki_pcr) },
	{ "KeBugCheckEx", offsetof(struct nts_kernel, bugcheck) },
	{ "KiSystemService", offsetof(struct nts_kernel, system_service) },
	{ "KiFastCallEntry", offsetof(struct nts_kernel, fast_call_entry) },
	{ "KiServiceTable", offsetof(struct nts_kernel, service_table) },
	{ "KiArgumentTable", offsetof(struct nts_kernel, argument_table) },
	{ "KiServiceLimit", offsetof(struct nts_kernel, service_limit) },
};

/* Hooked functions of the optional contract (global functions only). */
static const struct {
	const char *name;
	size_t at;
	unsigned feature;
} hooks[] = {
	{ "KiSystemStartup", offsetof(struct nts_kernel, system_startup), NTS_F_START },
	{ "PspRunCreateProcessNotifyRoutines", offsetof(struct nts_kernel, process_notify), NTS_F_PROCESS },
	{ "PspRunCreateThreadNotifyRoutines", offsetof(struct nts_kernel, thread_notify), NTS_F_THREAD },
	{ "KiSwapContext", offsetof(struct nts_kernel, swap_context), NTS_F_SCHED },
	{ "KiUnwaitThread", offsetof(struct nts_kernel, unwait_thread), NTS_F_WAKEUP },
	{ "KiReadyThread", offsetof(struct nts_kernel, ready_thread), NTS_F_READY },
	{ "KiInsertQueueApc", offsetof(struct nts_kernel, insert_queue_apc), NTS_F_APC | NTS_F_USER_APC },
	{ "KiInitializeUserApc", offsetof(struct nts_kernel, initialize_user_apc), NTS_F_USER_APC },
	{ "LpcpEnqueueMessage", offsetof(struct nts_kernel, lpc_enqueue), NTS_F_LPC },
	{ "LpcpReceiveMessage", offsetof(struct nts_kernel, lpc_receive), 0 },
	{ "LpcpDeletePort", offsetof(struct nts_kernel, lpc_delete_port), 0 },
	{ "KeResumeThread", offsetof(struct nts_kernel, resume_thread), NTS_F_HANDLE },
	{ "KeSuspendThread", offsetof(struct nts_kernel, suspend_thread), NTS_F_HANDLE },
};

#define OFF(m) offsetof(struct nts_offsets, m)

/* size: the field's size in bytes that the tracer relies on, 0 for any. feature:
 * 0 for a required field, else the features an absent optional field turns off
 * (NTS_F_ALL + 1: optional, turns nothing off). */
#define OPTIONAL (NTS_F_ALL + 1u)
static const struct {
	const char *type, *member;
	size_t at;
	uint32_t size;
	unsigned feature;
} fields[] = {
	{ "_KPCR", "PrcbData.CurrentThread", OFF(current_thread), 4, 0 },
	{ "_ETHREAD", "Tcb", OFF(tcb), 0, 0 },
	{ "_ETHREAD", "Cid", OFF(cid), 0, 0 },
	{ "_ETHREAD", "Cid.UniqueProcess", OFF(cid_process), 4, 0 },
	{ "_ETHREAD", "Cid.UniqueThread", OFF(cid_thread), 4, 0 },
	{ "_ETHREAD", "ThreadsProcess", OFF(threads_process), 4, 0 },
	{ "_EPROCESS", "UniqueProcessId", OFF(process_id), 4, 0 },
	{ "_EPROCESS", "ImageFileName", OFF(image_name), 0, 0 },
	{ "_KTHREAD", "State", OFF(state), 0, NTS_F_READY },
	{ "_KTHREAD", "WaitReason", OFF(wait_reason), 0, OPTIONAL },
	{ "_KTHREAD", "Priority", OFF(priority), 0, OPTIONAL },
	{ "_ETHREAD", "StartAddress", OFF(start_address), 4, NTS_F_THREAD },
	{ "_ETHREAD", "ExitStatus", OFF(thread_exit), 4, NTS_F_THREAD },
	{ "_EPROCESS", "InheritedFromUniqueProcessId", OFF(parent_pid), 4, NTS_F_PROCESS },
	{ "_EPROCESS", "ExitStatus", OFF(process_exit), 4, NTS_F_PROCESS },
	{ "_KAPC", "Thread", OFF(apc_thread), 4, NTS_F_APC | NTS_F_USER_APC },
	{ "_KAPC", "KernelRoutine", OFF(apc_kernel_routine), 4, NTS_F_APC | NTS_F_USER_APC },
	{ "_KAPC", "NormalRoutine", OFF(apc_normal_routine), 4, NTS_F_APC | NTS_F_USER_APC },
	{ "_KAPC", "NormalContext", OFF(apc_normal_context), 4, NTS_F_APC | NTS_F_USER_APC },
	{ "_KAPC", "SystemArgument1", OFF(apc_argument1), 4, NTS_F_APC | NTS_F_USER_APC },
	{ "_KAPC", "SystemArgument2", OFF(apc_argument2), 4, NTS_F_APC | NTS_F_USER_APC },
	{ "_KAPC", "ApcMode", OFF(apc_mode), 0, NTS_F_APC | NTS_F_USER_APC },
	{ "_LPCP_MESSAGE", "Request", OFF(msg_request), 0, NTS_F_LPC },
	{ "_LPCP_MESSAGE", "SenderPort", OFF(msg_sender_port), 4, OPTIONAL },
	{ "_PORT_MESSAGE", "u1.s1.DataLength", OFF(pm_data_length), 0, NTS_F_LPC },
	{ "_PORT_MESSAGE", "u1.s1.TotalLength", OFF(pm_total_length), 0, NTS_F_LPC },
	{ "_PORT_MESSAGE", "u2.s2.Type", OFF(pm_type), 0, NTS_F_LPC },
	{ "_PORT_MESSAGE", "ClientId.UniqueProcess", OFF(pm_client_process), 4, NTS_F_LPC },
	{ "_PORT_MESSAGE", "ClientId.UniqueThread", OFF(pm_client_thread), 4, NTS_F_LPC },
	{ "_PORT_MESSAGE", "MessageId", OFF(pm_message_id), 4, NTS_F_LPC },
	{ "_LPCP_PORT_OBJECT", "Type", OFF(port_type), 0, OPTIONAL },
	{ "_LPCP_PORT_OBJECT", "ConnectionPort", OFF(port_connection), 4, OPTIONAL },
	{ "_LPCP_PORT_OBJECT", "ConnectedPort", OFF(port_connected), 4, OPTIONAL },
	{ "_LPCP_PORT_OBJECT", "Creator.UniqueProcess", OFF(port_creator_process), 4, OPTIONAL },
	{ "_LPCP_PORT_OBJECT", "Creator.UniqueThread", OFF(port_creator_thread), 4, OPTIONAL },
	{ "_OBJECT_HEADER", "Body", OFF(header_body), 0, OPTIONAL },
	{ "_OBJECT_HEADER", "NameInfoOffset", OFF(header_name_info), 0, OPTIONAL },
	{ "_OBJECT_HEADER_NAME_INFO", "Name.Length", OFF(name_length), 2, OPTIONAL },
	{ "_OBJECT_HEADER_NAME_INFO", "Name.Buffer", OFF(name_buffer), 4, OPTIONAL },
	{ "_OBJECT_HEADER_NAME_INFO", "Directory", OFF(name_directory), 4, OPTIONAL },
};

/* A little-endian dword. */
static uint32_t le32(const unsigned char *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Resolve the contract's symbols. 0, or -1 naming the first missing one. */
static int load_symbols(struct nts_kernel *k, char *err, size_t errlen)
{
	size_t i;
	for (i = 0; i < sizeof symbols / sizeof *symbols; i++) {
		uint32_t *at = (uint32_t *)((char *)k + symbols[i].at);
		if (nts_image_symbol(&k->img, symbols[i].name, at) != 0) {
			snprintf(err, errlen, "kernel %s has no symbol %s", k->img.path, symbols[i].name);
			return -1;
		}
	}
	return 0;
}

void nts_kernel_note_missing(struct nts_kernel *k, const char *name)
{
	size_t len = strlen(k->missing), n = strlen(name);
	const char *at = k->missing;

	while ((at = strstr(at, name)) != NULL) {
		if ((at == k->missing || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\0'))
			return;
		at += n;
	}
	if (len + n + 2 < sizeof k->missing)
		snprintf(k->missing + len, sizeof k->missing - len, "%s%s", len ? " " : "", name);
}

/* Resolve the optional hooks; a missing one (or a static one) turns its features off. */
static void load_hooks(struct nts_kernel *k)
{
	char name[128];
	size_t i;
	for (i = 0; i < sizeof hooks / sizeof *hooks; i++) {
		uint32_t *at = (uint32_t *)((char *)k + hooks[i].at);
		int rc = nts_image_global_func(&k->img, hooks[i].name, at);
		if (rc == 0)
			continue;
		*at = 0;
		k->features &= ~hooks[i].feature;
		snprintf(name, sizeof name, rc > 0 ? "%s(not-global)" : "%s", hooks[i].name);
		nts_kernel_note_missing(k, name);
	}
}

/* Read entry i of the service and argument tables from the file. 0, or -1. */
static int load_service(struct nts_kernel *k, uint32_t i)
{
	struct nts_service *s = &k->services[i];
	const struct nts_sym *sym;
	unsigned char b[4], arg;

	if (nts_image_read(&k->img, k->service_table + 4 * i, b, 4) ||
	    nts_image_read(&k->img, k->argument_table + i, &arg, 1))
		return -1;
	s->addr = le32(b);
	s->arg_bytes = arg;
	sym = nts_image_at(&k->img, s->addr);
	s->name = sym ? sym->name : NULL;
	return 0;
}

/* Read KiServiceLimit and the tables it bounds. 0, or -1 with err. */
static int load_services(struct nts_kernel *k, char *err, size_t errlen)
{
	unsigned char b[4];
	uint32_t i;

	if (nts_image_read(&k->img, k->service_limit, b, 4) != 0 || le32(b) > MAX_SERVICES) {
		snprintf(err, errlen, "kernel %s: KiServiceLimit is not a service count in the file's data",
		         k->img.path);
		return -1;
	}
	k->nservices = le32(b);
	k->services = calloc(k->nservices ? k->nservices : 1, sizeof *k->services);
	if (!k->services) {
		snprintf(err, errlen, "out of memory loading kernel %s", k->img.path);
		return -1;
	}
	for (i = 0; i < k->nservices; i++) {
		if (load_service(k, i) != 0) {
			snprintf(err, errlen, "kernel %s: KiServiceTable/KiArgumentTable entry %u "
			         "is not in the file's data", k->img.path, i);
			return -1;
		}
	}
	return 0;
}

/* Resolve field i into k->off: 0; or -1 with err for a required field. An optional
 * one that is missing (its type or member) turns its features off. */
static int load_field(struct nts_kernel *k, struct nts_dwarf *d, size_t i, char *err, size_t errlen)
{
	struct nts_field *f = (struct nts_field *)((char *)&k->off + fields[i].at);
	char name[128];

	if (fields[i].feature && !nts_dwarf_has_type(d, fields[i].type)) {
		nts_kernel_note_missing(k, fields[i].type);
		k->features &= ~fields[i].feature;
		return 0;
	}
	if (nts_dwarf_field(d, fields[i].type, fields[i].member, f, err, errlen) == 0 &&
	    (!fields[i].size || f->size == fields[i].size))
		return 0;
	if (fields[i].feature) {
		memset(f, 0, sizeof *f);
		snprintf(name, sizeof name, "%s.%s", fields[i].type, fields[i].member);
		nts_kernel_note_missing(k, name);
		k->features &= ~fields[i].feature;
		return 0;
	}
	if (f->found)
		snprintf(err, errlen, "kernel %s: DWARF member %s.%s is %u bytes, expected %u",
		         k->img.path, fields[i].type, fields[i].member, f->size, fields[i].size);
	return -1;
}

/* Read the enumeration type into e; a missing one is noted. */
static void load_enum(struct nts_kernel *k, struct nts_dwarf *d, const char *type, struct nts_enum *e)
{
	char ignore[256];
	if (nts_dwarf_enum(d, type, e, ignore, sizeof ignore) != 0)
		nts_kernel_note_missing(k, type);
}

/* Resolve the DWARF offsets and enumerations. 0, or -1 naming the first missing
 * required type or member. */
static int load_fields(struct nts_kernel *k, char *err, size_t errlen)
{
	struct nts_dwarf d;
	size_t i;
	int rc = -1;
	int64_t initialized;

	if (nts_dwarf_open(&d, "kernel", k->img.path, err, errlen) != 0)
		return -1;
	for (i = 0; i < sizeof fields / sizeof *fields; i++)
		if (load_field(k, &d, i, err, errlen) != 0)
			goto out;
	load_enum(k, &d, "_KTHREAD_STATE", &k->thread_states);
	load_enum(k, &d, "_KWAIT_REASON", &k->wait_reasons);
	load_enum(k, &d, "_LPC_TYPE", &k->lpc_types);
	load_enum(k, &d, "_LPCP_PORT_TYPE", &k->port_types);
	if (k->lpc_types.n == 0)
		k->features &= ~NTS_F_LPC;
	if (nts_enum_value(&k->thread_states, "Initialized", &initialized) != 0)
		k->features &= ~NTS_F_READY;
	rc = 0;
out:
	nts_dwarf_close(&d);
	return rc;
}

int nts_kernel_load(struct nts_kernel *k, const char *path, char *err, size_t errlen)
{
	memset(k, 0, sizeof *k);
	k->features = NTS_F_ALL & ~NTS_F_UCALL;
	if (nts_image_load(&k->img, "kernel", path, err, errlen) != 0)
		return -1;
	load_hooks(k);
	if (load_symbols(k, err, errlen) || load_services(k, err, errlen) ||
	    load_fields(k, err, errlen)) {
		nts_kernel_free(k);
		return -1;
	}
	if (k->off.image_name.size == 0 || k->off.image_name.size > 256)
		k->off.image_name.size = 16;
	return 0;
}

void nts_kernel_free(struct nts_kernel *k)
{
	free(k->services);
	nts_enum_free(&k->thread_states);
	nts_enum_free(&k->wait_reasons);
	nts_enum_free(&k->lpc_types);
	nts_enum_free(&k->port_types);
	nts_image_free(&k->img);
	memset(k, 0, sizeof *k);
}

int nts_kernel_check(const char *path, char *err, size_t errlen)
{
	struct nts_kernel k;
	if (nts_kernel_load(&k, path, err, errlen) != 0)
		return -1;
	nts_kernel_free(&k);
	return 0;
}

int nts_image_check(const char *path, char *err, size_t errlen)
{
	struct nts_image img;
	if (nts_image_load(&img, "image", path, err, errlen) != 0)
		return -1;
	nts_image_free(&img);
	return 0;
}

const struct nts_service *nts_kernel_service(const struct nts_kernel *k, uint32_t number)
{
	return number < k->nservices ? &k->services[number] : NULL;
}

int nts_kernel_service_number(const struct nts_kernel *k, const char *name)
{
	uint32_t i;
	for (i = 0; i < k->nservices; i++)
		if (k->services[i].name && strcmp(k->services[i].name, name) == 0)
			return (int)i;
	return -1;
}

int nts_read_field(const struct nts_vm *vm, uint32_t base, const struct nts_field *f,
                   uint32_t *v)
{
	uint8_t b[4] = { 0 };
	uint32_t n = f->size && f->size < 4 ? f->size : 4;

	if (!f->found || nts_vm_read(vm, base + f->off, b, n) != 0)
		return -1;
	*v = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}
