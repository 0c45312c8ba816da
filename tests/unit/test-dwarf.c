/*
 * test-dwarf.c — structure offsets from DWARF, checked against the offsets the
 * compiler itself recorded in the fixture (FixtureLayout).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "plugin/core/dwarf.h"
#include "plugin/core/kernel.h"
#include "tests/unit/fake.h"

static char err[1024];
static struct nts_dwarf d;
static struct fixture_layout L;

static void setup(void)
{
	fixture_layout(FIXTURE("kernel.elf"), &L);
	cr_assert_eq(nts_dwarf_open(&d, "kernel", FIXTURE("kernel.elf"), err, sizeof err), 0, "%s", err);
}

static void teardown(void)
{
	nts_dwarf_close(&d);
}

static struct nts_field field(const char *type, const char *member)
{
	struct nts_field f = { 0xFFFF, 0xFFFF, 0 };
	cr_assert_eq(nts_dwarf_field(&d, type, member, &f, err, sizeof err), 0, "%s", err);
	return f;
}

TestSuite(dwarf, .init = setup, .fini = teardown);

Test(dwarf, nested_member_through_typedef_and_anonymous_struct)
{
	struct nts_field f = field("_KPCR", "PrcbData.CurrentThread");
	cr_assert_eq(f.off, L.current_thread);
	cr_assert_eq(f.size, 4);
}

Test(dwarf, client_id_members)
{
	cr_assert_eq(field("_ETHREAD", "Cid").off, L.cid);
	cr_assert_eq(field("_ETHREAD", "Cid").size, 8);
	cr_assert_eq(field("_ETHREAD", "Cid.UniqueProcess").off, L.cid_process);
	cr_assert_eq(field("_ETHREAD", "Cid.UniqueThread").off, L.cid_thread);
	cr_assert_eq(field("ETHREAD", "Cid.UniqueThread").off, L.cid_thread, "typedef name works too");
}

Test(dwarf, process_members_and_sizes)
{
	cr_assert_eq(field("_ETHREAD", "ThreadsProcess").off, L.threads_process);
	cr_assert_eq(field("_EPROCESS", "UniqueProcessId").off, L.process_id);
	cr_assert_eq(field("_EPROCESS", "ImageFileName").off, L.image_name);
	cr_assert_eq(field("_EPROCESS", "ImageFileName").size, L.image_name_size);
	cr_assert_eq(field("_ETHREAD", "ExitStatus").off, L.exit_status, "member of an anonymous union");
}

Test(dwarf, missing_type_and_members)
{
	struct nts_field f;
	cr_assert_eq(nts_dwarf_field(&d, "_KQUEUE", "EntryListHead", &f, err, sizeof err), -1);
	cr_assert_str_eq(err, "kernel " FIXTURE("kernel.elf") " has no DWARF type _KQUEUE");
	cr_assert_eq(nts_dwarf_has_type(&d, "_KQUEUE"), 0);
	cr_assert_eq(nts_dwarf_has_type(&d, "_KAPC"), 1);
	cr_assert_eq(nts_dwarf_has_type(&d, "_KTHREAD_STATE"), 0, "an enumeration is no structure");
	cr_assert_eq(nts_dwarf_field(&d, "_ETHREAD", "Cid.Bogus", &f, err, sizeof err), -1);
	cr_assert_str_eq(err, "kernel " FIXTURE("kernel.elf") " has no DWARF member _ETHREAD.Cid.Bogus");
	cr_assert_eq(nts_dwarf_field(&d, "_ETHREAD", "ThreadsProcess.UniqueProcessId", &f, err,
	                             sizeof err), -1, "no walking through pointers");
}

Test(dwarf, kernel_offsets_match_layout)
{
	struct nts_kernel k;
	cr_assert_eq(nts_kernel_load(&k, FIXTURE("kernel.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(k.off.current_thread.off, L.current_thread);
	cr_assert_eq(k.off.cid_thread.off, L.cid_thread);
	cr_assert_eq(k.off.cid_process.off, L.cid_process);
	cr_assert_eq(k.off.threads_process.off, L.threads_process);
	cr_assert_eq(k.off.process_id.off, L.process_id);
	cr_assert_eq(k.off.image_name.off, L.image_name);
	cr_assert_eq(k.off.image_name.size, 16);
	nts_kernel_free(&k);
}

Test(dwarf, kernel_errors)
{
	cr_assert_eq(nts_kernel_check(FIXTURE("kernel-nocid.elf"), err, sizeof err), -1);
	cr_assert_str_eq(err, "kernel " FIXTURE("kernel-nocid.elf") " has no DWARF member _ETHREAD.Cid");
	cr_assert_eq(nts_kernel_check(FIXTURE("kernel-nodwarf.elf"), err, sizeof err), -1);
	cr_assert(strstr(err, "kernel " FIXTURE("kernel-nodwarf.elf") " has no DWARF debug info"), "%s", err);
}

Test(dwarf, enumerations_by_tag_and_typedef)
{
	struct nts_enum e;
	int64_t v = -1;

	cr_assert_eq(nts_dwarf_enum(&d, "_KTHREAD_STATE", &e, err, sizeof err), 0, "%s", err);
	cr_assert_eq(e.n, 9);
	cr_assert_str_eq(nts_enum_name(&e, L.waiting), "Waiting");
	cr_assert_str_eq(nts_enum_name(&e, L.initialized), "Initialized");
	cr_assert_eq(nts_enum_value(&e, "Ready", &v), 0);
	cr_assert_eq(v, L.ready);
	cr_assert_null(nts_enum_name(&e, 200));
	cr_assert_eq(nts_enum_value(&e, "Sleeping", &v), -1);
	nts_enum_free(&e);
	cr_assert_eq(nts_dwarf_enum(&d, "KWAIT_REASON", &e, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(nts_enum_name(&e, L.wr_lpc_receive), "WrLpcReceive");
	cr_assert_str_eq(nts_enum_name(&e, L.suspended), "Suspended");
	nts_enum_free(&e);
	cr_assert_eq(nts_dwarf_enum(&d, "_KPCR", &e, err, sizeof err), -1, "a structure is no enumeration");
	cr_assert_str_eq(err, "kernel " FIXTURE("kernel.elf") " has no DWARF enumeration _KPCR");
}

Test(dwarf, optional_contract_offsets_and_features)
{
	struct nts_kernel k;
	cr_assert_eq(nts_kernel_load(&k, FIXTURE("kernel.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(k.features, NTS_F_ALL & ~NTS_F_UCALL, "ucall depends on the user images");
	cr_assert_str_eq(k.missing, "");
	cr_assert_eq(k.off.tcb.off, L.tcb);
	cr_assert_eq(k.off.state.off, L.state);
	cr_assert_eq(k.off.state.size, 1);
	cr_assert_eq(k.off.wait_reason.off, L.wait_reason);
	cr_assert_eq(k.off.start_address.off, L.start_address);
	cr_assert_eq(k.off.process_exit.off, L.process_exit_status);
	cr_assert_eq(k.off.parent_pid.off, L.parent_pid);
	cr_assert_eq(k.off.apc_thread.off, L.apc_thread);
	cr_assert_eq(k.off.apc_kernel_routine.off, L.apc_kernel_routine);
	cr_assert_eq(k.off.apc_normal_routine.off, L.apc_normal_routine);
	cr_assert_eq(k.off.apc_mode.off, L.apc_mode);
	cr_assert_eq(k.off.apc_mode.size, 1);
	cr_assert_neq(k.swap_context, 0);
	cr_assert_neq(k.insert_queue_apc, 0);
	cr_assert_neq(k.lpc_enqueue, 0);
	cr_assert_neq(k.resume_thread, 0);
	nts_kernel_free(&k);
	cr_assert_eq(nts_kernel_load(&k, FIXTURE("kernel-noissue3.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(k.features, NTS_F_SCHED | NTS_F_READY);
	cr_assert_eq(k.unwait_thread, 0, "a static KiUnwaitThread is not hooked");
	cr_assert_eq(k.off.apc_thread.found, 0);
	cr_assert(strstr(k.missing, "_KAPC"), "%s", k.missing);
	cr_assert_null(strstr(k.missing, "_KAPC."), "a missing type is named once: %s", k.missing);
	cr_assert(strstr(k.missing, "LpcpEnqueueMessage"), "%s", k.missing);
	cr_assert_eq(k.lpc_types.n, 0);
	nts_kernel_free(&k);
}

Test(dwarf, lpc_and_object_header_offsets)
{
	struct nts_kernel k;
	const struct nts_offsets *o = &k.off;
	int64_t v;

	cr_assert_eq(nts_kernel_load(&k, FIXTURE("kernel.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(o->msg_request.off, L.msg_request);
	cr_assert_eq(o->msg_request.size, L.sizeof_port_message, "the header's size is Request's");
	cr_assert_eq(o->msg_sender_port.off, L.msg_sender_port);
	cr_assert_eq(o->pm_data_length.off, L.pm_data_length);
	cr_assert_eq(o->pm_data_length.size, 2);
	cr_assert_eq(o->pm_total_length.off, L.pm_total_length);
	cr_assert_eq(o->pm_type.off, L.pm_type);
	cr_assert_eq(o->pm_client_process.off, L.pm_client_process);
	cr_assert_eq(o->pm_client_thread.off, L.pm_client_thread);
	cr_assert_eq(o->pm_message_id.off, L.pm_message_id);
	cr_assert_eq(o->port_type.off, L.port_type);
	cr_assert_eq(o->port_type.size, 1);
	cr_assert_eq(o->port_connection.off, L.port_connection);
	cr_assert_eq(o->port_connected.off, L.port_connected);
	cr_assert_eq(o->port_creator_process.off, L.port_creator_process);
	cr_assert_eq(o->port_creator_thread.off, L.port_creator_thread);
	cr_assert_eq(o->header_body.off, L.header_body);
	cr_assert_eq(o->header_name_info.off, L.header_name_info);
	cr_assert_eq(o->name_directory.off, L.name_directory);
	cr_assert_eq(o->name_length.off, L.name_length);
	cr_assert_eq(o->name_buffer.off, L.name_buffer);
	cr_assert_eq(nts_enum_value(&k.lpc_types, "LPC_CONNECTION_REQUEST", &v), 0);
	cr_assert_eq(v, L.lpc_connection_request);
	cr_assert_str_eq(nts_enum_name(&k.lpc_types, L.lpc_reply), "LPC_REPLY");
	cr_assert_str_eq(nts_enum_name(&k.port_types, L.client_communication_port),
	                 "ClientCommunicationPort");
	cr_assert_eq(nts_kernel_service_number(&k, "NtAcceptConnectPort"), 6);
	cr_assert_eq(nts_kernel_service_number(&k, "NtSecureConnectPort"), -1);
	nts_kernel_free(&k);
}

/* units.elf has two compilation units that define some types differently
 * (tests/unit/fixtures/units-a.c and units-b.c). */
static void unit_setup(void)
{
	cr_assert_eq(nts_dwarf_open(&d, "kernel", FIXTURE("units.elf"), err, sizeof err), 0, "%s", err);
}

TestSuite(dwarf_units, .init = unit_setup, .fini = teardown);

Test(dwarf_units, a_type_defined_only_in_a_later_unit_is_found)
{
	cr_assert_eq(field("_LATE", "q").off, 4, "declared in the first unit, defined in the second");
	cr_assert_eq(field("_FIRST", "b").off, 4, "units already indexed are still searched first");
}

Test(dwarf_units, the_first_unit_s_definition_wins)
{
	cr_assert_eq(field("_FIRST", "b").off, 4, "not the second unit's (12)");
	cr_assert_eq(field("FIRST", "b").off, 4, "the tag is found through the typedef's name too");
}

Test(dwarf_units, a_type_without_a_tag_is_found_by_its_typedef)
{
	cr_assert_eq(field("ANON_ONLY", "y").off, 4);
	cr_assert_eq(field("_ANON_ONLY", "y").off, 4);
}

Test(dwarf_units, an_enum_and_a_struct_of_one_name_are_told_apart)
{
	struct nts_enum e;

	cr_assert_eq(field("_SHARED_NAME", "t").off, 4);
	cr_assert_eq(nts_dwarf_enum(&d, "_SHARED_NAME", &e, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(nts_enum_name(&e, 1), "SharedB");
	nts_enum_free(&e);
	cr_assert_eq(nts_dwarf_has_type(&d, "_NOWHERE"), 0, "every unit searched");
	cr_assert_eq(field("_LATE", "p").off, 0, "look-ups still work once all units are indexed");
}
