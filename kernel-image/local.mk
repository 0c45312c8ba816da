# kernel-image — the bundled NT-style kernel (ntoskrnl.elf), ntdll.elf, the user
# programs, the boot sector and loader, and the boot disk (ntscope.img).
#
# The 32-bit freestanding code is built by explicit rules with its own flags (KI_*), so
# host CFLAGS/LDFLAGS (sanitizers, coverage) never reach it. Objects go to
# kernel-image/obj/, generated sources (from sysfuncs.lst) to kernel-image/gen/.
# `make kernel-image-all` builds every product; `make all` does too.

ki_src = $(srcdir)/kernel-image
ki_comma := ,

KI_CC = $(CC)
KI_OPTFLAGS = -O2 -g -gdwarf-4
KI_CPP_FLAGS = -I$(ki_src)/include -Ikernel-image/gen
KI_CC_FLAGS = -m32 -march=i586 -mtune=generic -std=gnu11 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-common -fshort-wchar -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-eliminate-unused-debug-types \
	-mno-mmx -mno-sse -Wall -Wextra -Wno-unused-parameter -Wno-multichar $(KI_OPTFLAGS)
KI_LD_FLAGS = -m32 -nostdlib -static -no-pie -Wl,-z,noexecstack
KI_COMPILE = $(KI_CC) $(KI_CPP_FLAGS) $(KI_CC_FLAGS) -MMD -MP

# Sources, by product.
ki_rtl_sources = \
	kernel-image/rtl/string.c \
	kernel-image/rtl/sprintf.c
ki_ntoskrnl_sources = \
	kernel-image/ke/i386/boot.S \
	kernel-image/ke/i386/kiinit.c \
	kernel-image/ke/i386/gdt.c \
	kernel-image/ke/i386/idt.c \
	kernel-image/ke/i386/cpu.c \
	kernel-image/ke/i386/trap.S \
	kernel-image/ke/i386/traphdlr.c \
	kernel-image/ke/i386/exp.c \
	kernel-image/ke/i386/ctxswitch.S \
	kernel-image/ke/i386/thrdini.c \
	kernel-image/ke/i386/usercall.c \
	kernel-image/ke/procobj.c \
	kernel-image/ke/thrdobj.c \
	kernel-image/ke/readyq.c \
	kernel-image/ke/thrdschd.c \
	kernel-image/ke/waitsat.c \
	kernel-image/ke/wait.c \
	kernel-image/ke/eventobj.c \
	kernel-image/ke/semphobj.c \
	kernel-image/ke/mutntobj.c \
	kernel-image/ke/timerobj.c \
	kernel-image/ke/dpc.c \
	kernel-image/ke/time.c \
	kernel-image/ke/apcqueue.c \
	kernel-image/ke/apc.c \
	kernel-image/ke/bugcheck.c \
	kernel-image/hal/halinit.c \
	kernel-image/hal/irql.c \
	kernel-image/hal/console.c \
	kernel-image/hal/pic.c \
	kernel-image/hal/clock.c \
	kernel-image/hal/cmos.c \
	kernel-image/hal/reboot.c \
	kernel-image/hal/i386/irq.S \
	kernel-image/mm/mminit.c \
	kernel-image/mm/freelist.c \
	kernel-image/mm/i386/page.c \
	kernel-image/mm/kstack.c \
	kernel-image/mm/procsup.c \
	kernel-image/mm/vadtree.c \
	kernel-image/mm/virtual.c \
	kernel-image/mm/readwrt.c \
	kernel-image/mm/section.c \
	kernel-image/mm/elfimage.c \
	kernel-image/mm/mapview.c \
	kernel-image/mm/probe.c \
	kernel-image/mm/i386/usercopy.S \
	kernel-image/mm/pagefault.c \
	kernel-image/ex/init.c \
	kernel-image/ex/pool.c \
	kernel-image/ex/handle.c \
	kernel-image/ex/bootopt.c \
	kernel-image/ex/workload.c \
	kernel-image/ex/time.c \
	kernel-image/ex/event.c \
	kernel-image/ex/mutant.c \
	kernel-image/ex/sem.c \
	kernel-image/ps/psmgr.c \
	kernel-image/ps/process.c \
	kernel-image/ps/thread.c \
	kernel-image/ps/state.c \
	kernel-image/ps/kill.c \
	kernel-image/ps/cid.c \
	kernel-image/ps/query.c \
	kernel-image/ps/bootproc.c \
	kernel-image/io/iomgr.c \
	kernel-image/io/file.c \
	kernel-image/io/bootfs.c \
	kernel-image/io/read.c \
	kernel-image/ob/obinit.c \
	kernel-image/ob/oblife.c \
	kernel-image/ob/obref.c \
	kernel-image/ob/obhandle.c \
	kernel-image/ob/obtable.c \
	kernel-image/ob/obname.c \
	kernel-image/ob/obdir.c \
	kernel-image/ob/oblink.c \
	kernel-image/ob/obwait.c \
	kernel-image/lpc/create.c \
	kernel-image/lpc/connect.c \
	kernel-image/lpc/complete.c \
	kernel-image/lpc/listen.c \
	kernel-image/lpc/send.c \
	kernel-image/lpc/reply.c \
	kernel-image/lpc/queue.c \
	kernel-image/lpc/close.c \
	kernel-image/lpc/terminate.c \
	kernel-image/lpc/hard.c \
	kernel-image/lpc/view.c \
	kernel-image/inbv/inbv.c \
	kernel-image/kd/kdprint.c \
	kernel-image/rtl/time.c \
	kernel-image/rtl/unicode.c \
	$(ki_rtl_sources)
ki_ntdll_sources = \
	kernel-image/ntdll/dispatch.S \
	kernel-image/ntdll/ldrinit.c \
	kernel-image/ntdll/thread.c \
	kernel-image/ntdll/ldrload.c \
	kernel-image/ntdll/image.c \
	kernel-image/ntdll/csrport.c \
	kernel-image/ntdll/environ.c \
	kernel-image/rtl/unicode.c \
	$(ki_rtl_sources)
ki_kernel32_sources = \
	kernel-image/kernel32/dllmain.c \
	kernel-image/kernel32/create.c \
	kernel-image/kernel32/image.c \
	kernel-image/kernel32/params.c \
	kernel-image/kernel32/thread.c \
	kernel-image/kernel32/csrnotify.c \
	kernel-image/kernel32/thunk.S \
	kernel-image/kernel32/proc.c \
	kernel-image/kernel32/synch.c \
	kernel-image/kernel32/error.c \
	kernel-image/kernel32/console.c
ki_csrss_sources = \
	kernel-image/csrss/init.c \
	kernel-image/csrss/apireqst.c \
	kernel-image/csrss/procsup.c \
	kernel-image/csrss/thredsup.c \
	kernel-image/csrss/basesrv.c \
	kernel-image/csrss/harderr.c
ki_smss_sources = \
	kernel-image/smss/smss.c \
	kernel-image/smss/native.c \
	kernel-image/smss/bootfile.c \
	kernel-image/smss/workload.c
ki_loader_sources = \
	kernel-image/boot/loader.S \
	kernel-image/boot/osloader.c \
	kernel-image/boot/bldisk.c \
	kernel-image/boot/blelf.c \
	kernel-image/boot/blmemory.c \
	kernel-image/boot/blio.c \
	$(ki_rtl_sources)
ki_programs = \
	kernel-image/programs/hello.elf \
	kernel-image/programs/fault.elf \
	kernel-image/programs/threads.elf \
	kernel-image/programs/objects.elf \
	kernel-image/programs/child.elf \
	kernel-image/programs/lpctest.elf \
	kernel-image/programs/lpcclient.elf
ki_win32_programs = \
	kernel-image/programs/createproc.elf \
	kernel-image/programs/win32child.elf \
	kernel-image/programs/stress.elf
ki_system_images = \
	kernel-image/programs/kernel32.dll \
	kernel-image/programs/smss.exe \
	kernel-image/programs/csrss.exe
ki_workloads = \
	kernel-image/workloads/default.wl \
	kernel-image/workloads/bugcheck.wl \
	kernel-image/workloads/threads.wl \
	kernel-image/workloads/objects.wl \
	kernel-image/workloads/stress.wl \
	kernel-image/workloads/lpc.wl
ki_headers = \
	kernel-image/include/ntdef.h \
	kernel-image/include/ntstatus.h \
	kernel-image/include/bugcodes.h \
	kernel-image/include/arc.h \
	kernel-image/include/elf32.h \
	kernel-image/include/asm.h \
	kernel-image/include/ketypes.h \
	kernel-image/include/pstypes.h \
	kernel-image/include/intrin_x86.h \
	kernel-image/include/rtl.h \
	kernel-image/include/ntapi.h \
	kernel-image/include/extypes.h \
	kernel-image/include/obtypes.h \
	kernel-image/include/mmtypes.h \
	kernel-image/include/iotypes.h \
	kernel-image/include/lpctypes.h \
	kernel-image/include/internal/lpc.h \
	kernel-image/include/internal/ke.h \
	kernel-image/include/internal/kedisp.h \
	kernel-image/include/internal/ob.h \
	kernel-image/include/internal/hal.h \
	kernel-image/include/internal/mm.h \
	kernel-image/include/internal/ex.h \
	kernel-image/include/internal/io.h \
	kernel-image/include/internal/ps.h \
	kernel-image/boot/bldr.h \
	kernel-image/include/ntlpcapi.h \
	kernel-image/include/csr.h \
	kernel-image/include/umtypes.h \
	kernel-image/include/windows.h \
	kernel-image/ntdll/ntdllp.h \
	kernel-image/kernel32/k32.h \
	kernel-image/csrss/csrsrv.h \
	kernel-image/smss/smss.h \
	kernel-image/programs/native.h

# Objects: kernel-image/X.c -> kernel-image/obj/X.o (shared by products), gen/ likewise.
ki_obj = $(patsubst kernel-image/%,kernel-image/obj/%.o,$(basename $(1)))
ki_ntoskrnl_objects = $(call ki_obj,$(ki_ntoskrnl_sources)) kernel-image/obj/gen/systable.o
ki_ntdll_objects = $(call ki_obj,$(ki_ntdll_sources)) kernel-image/obj/gen/sysstubs.o
ki_loader_objects = $(call ki_obj,$(ki_loader_sources))
ki_kernel32_objects = $(call ki_obj,$(ki_kernel32_sources))
ki_csrss_objects = $(call ki_obj,$(ki_csrss_sources))
ki_smss_objects = $(call ki_obj,$(ki_smss_sources))

# The user SDK: what a program is built from, so one command can build a user's own
# (`ntscope cc`). Headers programs include; the objects a native (ntdll-only) or a Win32
# (kernel32) program links first; the linker script; the images linked --just-symbols.
ki_sdk_headers = \
	kernel-image/include/ntdef.h kernel-image/include/ntstatus.h kernel-image/include/ntapi.h \
	kernel-image/include/pstypes.h kernel-image/include/ketypes.h kernel-image/include/obtypes.h \
	kernel-image/include/mmtypes.h kernel-image/include/iotypes.h kernel-image/include/rtl.h \
	kernel-image/include/intrin_x86.h kernel-image/include/asm.h kernel-image/include/extypes.h \
	kernel-image/include/lpctypes.h kernel-image/include/ntlpcapi.h kernel-image/include/csr.h \
	kernel-image/include/umtypes.h kernel-image/include/windows.h \
	kernel-image/programs/native.h kernel-image/gen/sysnums.h
ki_sdk_native_objects = kernel-image/obj/programs/print.o
ki_sdk_win32_objects = kernel-image/obj/programs/w32start.o kernel-image/obj/programs/print.o
ki_sdk_ldscript = $(ki_src)/programs/program.ld
ki_sdk_native_images = kernel-image/ntdll.elf
ki_sdk_win32_images = kernel-image/ntdll.elf kernel-image/programs/kernel32.dll
ki_sdk_link = $(KI_CC) $(KI_LD_FLAGS) -Wl,--build-id=none -Wl,-T,$(ki_sdk_ldscript)
ki_sdk_win32_entry = -Wl,-e,WinMainCRTStartup
ki_sdk = $(ki_sdk_headers) $(sort $(ki_sdk_native_objects) $(ki_sdk_win32_objects)) \
	$(ki_sdk_ldscript) $(sort $(ki_sdk_native_images) $(ki_sdk_win32_images))

ki_program_common = $(ki_sdk_native_objects)
ki_all_objects = $(sort $(ki_ntoskrnl_objects) $(ki_ntdll_objects) $(ki_loader_objects) \
	$(ki_sdk_win32_objects) kernel-image/obj/boot/bootsect.o kernel-image/obj/programs/rawcall.o \
	$(ki_kernel32_objects) $(ki_csrss_objects) $(ki_smss_objects) \
	$(patsubst kernel-image/programs/%.elf,kernel-image/obj/programs/%.o,$(ki_programs) \
	$(ki_win32_programs)))
ki_generated = kernel-image/gen/systable.c kernel-image/gen/sysstubs.S kernel-image/gen/sysnums.h

kernel-image/obj/%.o: $(ki_src)/%.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(KI_COMPILE) -c -o $@ $<
kernel-image/obj/%.o: $(ki_src)/%.S
	@$(MKDIR_P) $(@D)
	$(ki_v_as)$(KI_COMPILE) -c -o $@ $<
kernel-image/obj/gen/%.o: kernel-image/gen/%.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(KI_COMPILE) -c -o $@ $<
kernel-image/obj/gen/%.o: kernel-image/gen/%.S
	@$(MKDIR_P) $(@D)
	$(ki_v_as)$(KI_COMPILE) -c -o $@ $<
$(ki_all_objects): $(ki_src)/local.mk | kernel-image/gen/sysnums.h
-include $(ki_all_objects:.o=.d)

# sysfuncs.lst -> kernel service table, ntdll stubs, service numbers.
ki_v_as = $(ki_v_as_@AM_V@)
ki_v_as_ = $(ki_v_as_@AM_DEFAULT_V@)
ki_v_as_0 = @echo "  AS      " $@;
ki_v_as_1 =

ki_gensys = $(SHELL) $(ki_src)/tools/gensys.sh
kernel-image/gen/systable.c: $(ki_src)/sysfuncs.lst $(ki_src)/tools/gensys.sh
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)$(ki_gensys) table $(ki_src)/sysfuncs.lst >$@.tmp && mv $@.tmp $@
kernel-image/gen/sysstubs.S: $(ki_src)/sysfuncs.lst $(ki_src)/tools/gensys.sh
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)$(ki_gensys) stubs $(ki_src)/sysfuncs.lst >$@.tmp && mv $@.tmp $@
kernel-image/gen/sysnums.h: $(ki_src)/sysfuncs.lst $(ki_src)/tools/gensys.sh
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)$(ki_gensys) numbers $(ki_src)/sysfuncs.lst >$@.tmp && mv $@.tmp $@

# The kernel, ntdll and programs (ELF with DWARF, kept in the build tree for the tracer).
kernel-image/ntoskrnl.elf: $(ki_ntoskrnl_objects) $(ki_src)/ntoskrnl.ld
	$(AM_V_CCLD)$(KI_CC) $(KI_LD_FLAGS) -Wl,--build-id=sha1 -Wl,-T,$(ki_src)/ntoskrnl.ld \
		-Wl,-Map,kernel-image/ntoskrnl.map -o $@ $(ki_ntoskrnl_objects) -lgcc
kernel-image/ntdll.elf: $(ki_ntdll_objects) $(ki_src)/ntdll/ntdll.ld
	$(AM_V_CCLD)$(KI_CC) $(KI_LD_FLAGS) -Wl,--build-id=none -Wl,-T,$(ki_src)/ntdll/ntdll.ld \
		-o $@ $(ki_ntdll_objects) -lgcc
kernel-image/programs/hello.elf: kernel-image/obj/programs/rawcall.o
kernel-image/programs/%.elf: kernel-image/obj/programs/%.o $(ki_sdk_native_objects) \
		$(ki_sdk_native_images) $(ki_sdk_ldscript)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(ki_sdk_link) $(patsubst %,-Wl$(ki_comma)--just-symbols=%,$(ki_sdk_native_images)) \
		-o $@ $(filter %.o,$^) -lgcc
$(ki_win32_programs): kernel-image/programs/%.elf: kernel-image/obj/programs/%.o \
		$(ki_sdk_win32_objects) $(ki_sdk_win32_images) $(ki_sdk_ldscript)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(ki_sdk_link) $(ki_sdk_win32_entry) \
		$(patsubst %,-Wl$(ki_comma)--just-symbols=%,$(ki_sdk_win32_images)) \
		-o $@ $(ki_sdk_win32_objects) $< -lgcc

# The system images: kernel32.dll (at 0x7C800000, mapped by ntdll's loader), and the
# native programs smss.exe and csrss.exe (named as NT's: EPROCESS.ImageFileName).
kernel-image/programs/kernel32.dll: $(ki_kernel32_objects) kernel-image/ntdll.elf \
		$(ki_src)/kernel32/kernel32.ld
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(KI_CC) $(KI_LD_FLAGS) -Wl,--build-id=none -Wl,-T,$(ki_src)/kernel32/kernel32.ld \
		-Wl,--just-symbols=kernel-image/ntdll.elf -o $@ $(ki_kernel32_objects) \
		kernel-image/obj/rtl/string.o kernel-image/obj/rtl/sprintf.o -lgcc
kernel-image/programs/csrss.exe: $(ki_csrss_objects)
kernel-image/programs/smss.exe: $(ki_smss_objects) kernel-image/programs/kernel32.dll
kernel-image/programs/csrss.exe kernel-image/programs/smss.exe: $(ki_sdk_native_objects) \
		$(ki_sdk_native_images) $(ki_sdk_ldscript)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(ki_sdk_link) -Wl,--just-symbols=kernel-image/ntdll.elf \
		$(if $(findstring smss,$@),-Wl$(ki_comma)--just-symbols=kernel-image/programs/kernel32.dll) \
		-o $@ $(filter %.o,$^) -lgcc

# The SDK as a directory, for `ntscope cc` (and installed as $(pkgdatadir)/sdk):
# include/ = ki_sdk_headers, lib/ = the objects, the linker script and the images.
ki_sdk_libs = $(sort $(ki_sdk_native_objects) $(ki_sdk_win32_objects)) $(ki_sdk_ldscript) \
	$(sort $(ki_sdk_native_images) $(ki_sdk_win32_images))
ki_sdk_files = $(addprefix kernel-image/sdk/include/,$(notdir $(ki_sdk_headers))) \
	$(addprefix kernel-image/sdk/lib/,$(notdir $(ki_sdk_libs)))
kernel-image/sdk/stamp: $(ki_sdk_headers) $(ki_sdk_libs)
	@$(MKDIR_P) kernel-image/sdk/include kernel-image/sdk/lib
	$(AM_V_GEN)cp $(filter %.h,$^) kernel-image/sdk/include/ && \
		cp $(filter-out %.h,$^) kernel-image/sdk/lib/ && touch $@

# Boot sector and loader: flat binaries with their size limits checked.
ki_boot_link = $(KI_CC) $(KI_LD_FLAGS) -Wl,--build-id=none -Wl,-T,$(ki_src)/boot/boot.ld
kernel-image/bootsect.bin: kernel-image/obj/boot/bootsect.o $(ki_src)/boot/boot.ld
	$(AM_V_CCLD)$(ki_boot_link) -Wl,--defsym=BOOT_BASE=0x7C00 -o $@ kernel-image/obj/boot/bootsect.o
	@test `wc -c <$@` -eq 512 || { echo "$@: not 512 bytes" >&2; rm -f $@; exit 1; }
kernel-image/loader.bin: $(ki_loader_objects) $(ki_src)/boot/boot.ld
	$(AM_V_CCLD)$(ki_boot_link) -Wl,--defsym=BOOT_BASE=0x8000 -o $@ $(ki_loader_objects) -lgcc
	@test `wc -c <$@` -le 31744 || { echo "$@: larger than 62 sectors" >&2; rm -f $@; exit 1; }

# The boot disk: boot.ini, workload.wl (= default.wl), every workload, kernel, ntdll, programs.
ki_image_inputs = kernel-image/bootsect.bin kernel-image/loader.bin kernel-image/ntoskrnl.elf \
	kernel-image/ntdll.elf $(ki_programs) $(ki_win32_programs) $(ki_system_images) \
	$(ki_src)/boot.ini $(addprefix $(srcdir)/,$(ki_workloads))
kernel-image/ntscope.img: kernel-image/mkbootdisk$(EXEEXT) $(ki_image_inputs)
	$(AM_V_GEN)kernel-image/mkbootdisk$(EXEEXT) -o $@ \
		--bootsect kernel-image/bootsect.bin --loader kernel-image/loader.bin \
		ntoskrnl.elf=kernel-image/ntoskrnl.elf ntdll.elf=kernel-image/ntdll.elf \
		$(foreach p,$(ki_programs) $(ki_win32_programs) $(ki_system_images),$(notdir $(p))=$(p)) \
		$(foreach w,$(ki_workloads),$(notdir $(w))=$(srcdir)/$(w)) \
		boot.ini=$(ki_src)/boot.ini workload.wl=$(ki_src)/workloads/default.wl

# Host side: the boot-disk writer (also linked into ntscope) and mkbootdisk.
noinst_LTLIBRARIES += kernel-image/libbootfs.la
kernel_image_libbootfs_la_SOURCES = kernel-image/tools/bootfs.c kernel-image/tools/bootfs.h
noinst_PROGRAMS += kernel-image/mkbootdisk
kernel_image_mkbootdisk_SOURCES = kernel-image/tools/mkbootdisk.c
kernel_image_mkbootdisk_LDADD = kernel-image/libbootfs.la

kernel_image_products = kernel-image/ntoskrnl.elf kernel-image/ntdll.elf $(ki_programs) \
	$(ki_win32_programs) $(ki_system_images) kernel-image/sdk/stamp \
	kernel-image/bootsect.bin kernel-image/loader.bin kernel-image/ntscope.img
.PHONY: kernel-image-all
kernel-image-all: $(kernel_image_products)
all-local: kernel-image-all

CLEANFILES += $(kernel_image_products) kernel-image/ntoskrnl.map $(ki_generated) $(ki_sdk_files) \
	$(ki_all_objects) $(ki_all_objects:.o=.d)
EXTRA_DIST += kernel-image/README.md kernel-image/TRACING.md kernel-image/local.mk kernel-image/sysfuncs.lst kernel-image/boot.ini \
	kernel-image/ntoskrnl.ld kernel-image/ntdll/ntdll.ld kernel-image/programs/program.ld \
	kernel-image/boot/boot.ld kernel-image/boot/bootsect.S kernel-image/tools/gensys.sh \
	kernel-image/programs/print.c kernel-image/programs/rawcall.S \
	kernel-image/kernel32/kernel32.ld kernel-image/programs/w32start.c \
	$(patsubst %.elf,%.c,$(ki_programs) $(ki_win32_programs)) $(ki_workloads) $(ki_headers) \
	$(ki_kernel32_sources) $(ki_csrss_sources) $(ki_smss_sources) \
	$(sort $(ki_ntoskrnl_sources) $(ki_ntdll_sources) $(ki_loader_sources))

# Installed beside the tracer so an installed `ntscope run` boots the same kernel.
kernelimagedir = $(pkgdatadir)
kernelimage_DATA = kernel-image/ntoskrnl.elf kernel-image/ntdll.elf \
	kernel-image/bootsect.bin kernel-image/loader.bin
kiprogramsdir = $(pkgdatadir)/programs
kiprograms_DATA = $(ki_programs) $(ki_win32_programs) $(ki_system_images)
kiworkloadsdir = $(pkgdatadir)/workloads
kiworkloads_DATA = $(ki_workloads)
kisdkincludedir = $(pkgdatadir)/sdk/include
kisdkinclude_DATA = $(ki_sdk_headers)
kisdklibdir = $(pkgdatadir)/sdk/lib
kisdklib_DATA = $(ki_sdk_libs)
