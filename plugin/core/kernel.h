/*
 * kernel.h — what the tracer needs from the kernel image: the symbols of the
 * kernel contract, the system service table (read from the ELF file's data), and the
 * structure offsets it reads guest objects with (from DWARF).
 */
#ifndef NTSCOPE_KERNEL_H
#define NTSCOPE_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "plugin/core/check.h"
#include "plugin/core/dwarf.h"
#include "plugin/core/elf.h"
#include "plugin/core/guestmem.h"

struct nts_service {
	const char *name;              /* the function symbol the entry points to, or NULL */
	uint32_t addr;
	unsigned arg_bytes;            /* KiArgumentTable entry */
};

struct nts_offsets {
	struct nts_field current_thread;   /* _KPCR.PrcbData.CurrentThread */
	struct nts_field tcb;              /* _ETHREAD.Tcb: the KTHREAD inside */
	struct nts_field cid;              /* _ETHREAD.Cid */
	struct nts_field cid_process;      /* _ETHREAD.Cid.UniqueProcess */
	struct nts_field cid_thread;       /* _ETHREAD.Cid.UniqueThread */
	struct nts_field threads_process;  /* _ETHREAD.ThreadsProcess */
	struct nts_field process_id;       /* _EPROCESS.UniqueProcessId */
	struct nts_field image_name;       /* _EPROCESS.ImageFileName */
	/* optional: found = 0 when the kernel lacks them */
	struct nts_field state;            /* _KTHREAD.State */
	struct nts_field wait_reason;      /* _KTHREAD.WaitReason */
	struct nts_field priority;         /* _KTHREAD.Priority */
	struct nts_field start_address;    /* _ETHREAD.StartAddress */
	struct nts_field thread_exit;      /* _ETHREAD.ExitStatus */
	struct nts_field parent_pid;       /* _EPROCESS.InheritedFromUniqueProcessId */
	struct nts_field process_exit;     /* _EPROCESS.ExitStatus */
	struct nts_field apc_thread;       /* _KAPC.Thread */
	struct nts_field apc_kernel_routine;
	struct nts_field apc_normal_routine;
	struct nts_field apc_normal_context;
	struct nts_field apc_argument1;    /* _KAPC.SystemArgument1 */
	struct nts_field apc_argument2;
	struct nts_field apc_mode;         /* _KAPC.ApcMode */
	struct nts_field msg_request;      /* _LPCP_MESSAGE.Request: its size is the header's */
	struct nts_field msg_sender_port;  /* _LPCP_MESSAGE.SenderPort */
	struct nts_field pm_data_length;   /* _PORT_MESSAGE.u1.s1.DataLength */
	struct nts_field pm_total_length;  /* _PORT_MESSAGE.u1.s1.TotalLength */
	struct nts_field pm_type;          /* _PORT_MESSAGE.u2.s2.Type */
	struct nts_field pm_client_process;    /* _PORT_MESSAGE.ClientId.UniqueProcess */
	struct nts_field pm_client_thread;     /* _PORT_MESSAGE.ClientId.UniqueThread */
	struct nts_field pm_message_id;    /* _PORT_MESSAGE.MessageId */
	struct nts_field port_type;        /* _LPCP_PORT_OBJECT.Type */
	struct nts_field port_connection;  /* _LPCP_PORT_OBJECT.ConnectionPort */
	struct nts_field port_connected;   /* _LPCP_PORT_OBJECT.ConnectedPort */
	struct nts_field port_creator_process; /* _LPCP_PORT_OBJECT.Creator.UniqueProcess */
	struct nts_field port_creator_thread;  /* _LPCP_PORT_OBJECT.Creator.UniqueThread */
	struct nts_field header_body;      /* _OBJECT_HEADER.Body */
	struct nts_field header_name_info; /* _OBJECT_HEADER.NameInfoOffset */
	struct nts_field name_length;      /* _OBJECT_HEADER_NAME_INFO.Name.Length */
	struct nts_field name_buffer;      /* _OBJECT_HEADER_NAME_INFO.Name.Buffer */
	struct nts_field name_directory;   /* _OBJECT_HEADER_NAME_INFO.Directory */
};

/* Optional parts of the contract: a feature is on when every name it needs is there. */
enum nts_feature {
	NTS_F_START = 1 << 0,          /* KiSystemStartup: the end of firmware time */
	NTS_F_PROCESS = 1 << 1,        /* PspRunCreateProcessNotifyRoutines */
	NTS_F_THREAD = 1 << 2,         /* PspRunCreateThreadNotifyRoutines */
	NTS_F_SCHED = 1 << 3,          /* KiSwapContext */
	NTS_F_WAKEUP = 1 << 4,         /* KiUnwaitThread */
	NTS_F_READY = 1 << 5,          /* KiReadyThread (+ _KTHREAD.State, Initialized) */
	NTS_F_APC = 1 << 6,            /* KiInsertQueueApc, _KAPC */
	NTS_F_USER_APC = 1 << 7,       /* KiInitializeUserApc */
	NTS_F_LPC = 1 << 8,            /* LpcpEnqueueMessage, _LPCP_MESSAGE, _PORT_MESSAGE, _LPC_TYPE */
	NTS_F_HANDLE = 1 << 9,         /* KeResumeThread, KeSuspendThread */
	NTS_F_UCALL = 1 << 10,         /* watched user functions (the images, not the kernel) */
	NTS_F_ALL = (1 << 11) - 1
};

struct nts_kernel {
	struct nts_image img;
	uint32_t ki_pcr, bugcheck, system_service, fast_call_entry;
	uint32_t service_table, argument_table, service_limit;
	/* optional hooks: 0 when the kernel has no such global function */
	uint32_t system_startup, swap_context, unwait_thread, ready_thread;
	uint32_t insert_queue_apc, initialize_user_apc, process_notify, thread_notify;
	uint32_t lpc_enqueue, lpc_receive, lpc_delete_port, resume_thread, suspend_thread;
	uint32_t nservices;
	struct nts_service *services;
	struct nts_offsets off;
	struct nts_enum thread_states;     /* _KTHREAD_STATE, empty if absent */
	struct nts_enum wait_reasons;      /* _KWAIT_REASON, empty if absent */
	struct nts_enum lpc_types;         /* _LPC_TYPE, empty if absent */
	struct nts_enum port_types;        /* _LPCP_PORT_TYPE, empty if absent */
	unsigned features;                 /* enum nts_feature bits that are on (ucall: set by
	                                      the session when an image defines a watched
	                                      function) */
	char missing[2048];                /* optional names the kernel lacks, space-separated */
};

/* The names of the feature bits, in bit order (for meta.features). */
extern const char *const nts_feature_names[];

/* Load and check the kernel ELF at path: i386, symbols, service table, DWARF fields.
 * 0, or -1 with err naming the first required thing missing; optional names that are
 * missing turn their features off and are listed in k->missing. */
int nts_kernel_load(struct nts_kernel *k, const char *path, char *err, size_t errlen);

void nts_kernel_free(struct nts_kernel *k);

/* Add name to k->missing (once), e.g. a user function no image defines. */
void nts_kernel_note_missing(struct nts_kernel *k, const char *name);

/* The number of the service called name, or -1 if the table has none. */
int nts_kernel_service_number(const struct nts_kernel *k, const char *name);

/* The service for number (EAX & 0x1FFF): table 0 entries below KiServiceLimit; NULL
 * for anything else (other tables, numbers past the limit). */
const struct nts_service *nts_kernel_service(const struct nts_kernel *k, uint32_t number);

/* Read the field f (1, 2 or 4 bytes; 0 means 4) of the object at base. 0, or -1 if
 * the field is not known or not readable. */
int nts_read_field(const struct nts_vm *vm, uint32_t base, const struct nts_field *f,
                   uint32_t *v);

#endif
