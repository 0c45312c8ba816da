/*
 * fake.h — test doubles for the tracer core: a fake CPU (registers, an instruction
 * counter, physical RAM) whose page tables the tests build by hand, and the fixture
 * images built by tests/unit/local.mk.
 */
#ifndef NTSCOPE_TEST_FAKE_H
#define NTSCOPE_TEST_FAKE_H

#include <stddef.h>
#include <stdint.h>

#include "plugin/core/tracer.h"

#define FAKE_RAM_SIZE  (16u << 20)
#define FAKE_PD        0x1000u         /* page directory */
#define FAKE_PT_FIRST  0x2000u         /* page tables are allocated from here */
#define FAKE_CR0_PG    0x80000000u

#define FIXTURE(name) FIXTURE_DIR "/" name

struct fake {
	uint8_t *ram;
	uint32_t regs[NTS_NREGS];
	uint64_t icount;
	int stops;                     /* request_stop calls */
	uint32_t next_pt;
	struct nts_cpu cpu;
};

/* The compiler's own layout of the fixture kernel's structures (FixtureLayout). */
struct fixture_layout {
	uint32_t current_thread, cid, cid_process, cid_thread, threads_process, process_id;
	uint32_t image_name, image_name_size, exit_status, sizeof_ethread, sizeof_eprocess;
	uint32_t tcb, state, wait_reason, priority, start_address, process_exit_status, parent_pid;
	uint32_t apc_thread, apc_kernel_routine, apc_normal_routine, apc_normal_context;
	uint32_t apc_argument1, apc_argument2, apc_mode;
	/* enumerator values */
	uint32_t initialized, ready, running, terminated, waiting;
	uint32_t executive, user_request, suspended, wr_suspended, wr_lpc_receive;
	/* issue 4: LPC messages and ports, object headers (0 in kernel-noissue3.elf) */
	uint32_t msg_request, sizeof_port_message, msg_sender_port;
	uint32_t pm_data_length, pm_total_length, pm_type, pm_client_process, pm_client_thread;
	uint32_t pm_message_id;
	uint32_t port_type, port_connection, port_connected, port_creator_process,
	         port_creator_thread;
	uint32_t header_body, header_name_info, sizeof_name_info, name_directory, name_length,
	         name_buffer;
	uint32_t lpc_request, lpc_reply, lpc_datagram, lpc_client_died, lpc_error_event,
	         lpc_connection_request;
	uint32_t server_connection_port, server_communication_port, client_communication_port;
};

/* RAM zeroed, paging on with an empty page directory at FAKE_PD. */
void fake_init(struct fake *f);
void fake_free(struct fake *f);

/* Map the 4 KB page at va to pa (a page table is made as needed), or a 4 MB page. */
void fake_map(struct fake *f, uint32_t va, uint32_t pa);
void fake_map_large(struct fake *f, uint32_t va, uint32_t pa);

/* Store into guest virtual memory through the test's own walk of its page tables
 * (aborts the test if va is unmapped). */
void fake_poke(struct fake *f, uint32_t va, const void *buf, size_t len);
void fake_poke32(struct fake *f, uint32_t va, uint32_t v);

/* Read FixtureLayout from the fixture kernel at path. */
void fixture_layout(const char *path, struct fixture_layout *l);

#endif
