/*
 * asm.h — constants shared by C and assembly: selectors, flags, layout addresses and
 * the structure offsets the assembly uses (checked against the C structures in
 * internal/ke.h with C_ASSERT).
 */
#ifndef _ASM_H
#define _ASM_H

/* GDT selectors, as NT. */
#define KGDT_NULL         0x00
#define KGDT_R0_CODE      0x08
#define KGDT_R0_DATA      0x10
#define KGDT_R3_CODE      0x18
#define KGDT_R3_DATA      0x20
#define KGDT_TSS          0x28
#define KGDT_R0_PCR       0x30
#define KGDT_R3_TEB       0x38
#define KGDT_VDM_TILE     0x40
#define KGDT_LDT          0x48
#define KGDT_DF_TSS       0x50
#define KGDT_NMI_TSS      0x58
#define KGDT_NUMBER       12
#define RPL_MASK          3
#define MODE_MASK         1

/* EFLAGS and control registers. */
#define EFLAGS_TF         0x00000100
#define EFLAGS_INTERRUPT_MASK 0x00000200
#define EFLAGS_IOPL       0x00003000
#define EFLAGS_NESTED_TASK 0x00004000
#define EFLAGS_V86_MASK   0x00020000
#define EFLAGS_USER_SANITIZE 0x00240DD5
#define CR0_PE            0x00000001
#define CR0_MP            0x00000002
#define CR0_EM            0x00000004
#define CR0_TS            0x00000008
#define CR0_NE            0x00000020
#define CR0_WP            0x00010000
#define CR0_PG            0x80000000
#define CR4_PSE           0x00000010

/* MSRs used by sysenter/sysexit. */
#define MSR_SYSENTER_CS   0x174
#define MSR_SYSENTER_ESP  0x175
#define MSR_SYSENTER_EIP  0x176

/* Address-space layout. */
#define KSEG0_BASE_ASM        0x80000000
#define MM_USER_PROBE_ADDRESS 0x7FFF0000
#define KI_USER_SHARED_DATA   0xFFDF0000
#define MM_SHARED_USER_DATA_VA 0x7FFE0000
#define USER_SHARED_DATA_SYSTEMCALL 0x7FFE0300
#define UsSystemCall          0x300
#define UsSystemCallReturn    0x304

/* Kernel stacks: 12 KB including the NPX save area at the top, as NT. */
#define KERNEL_STACK_SIZE     0x3000
#define NPX_FRAME_LENGTH      0x210
#define KTRAP_FRAME_LENGTH    0x8C
#define KTRAP_FRAME_V86_LENGTH 0x10
#define KTRAP_FRAME_ALIGN     4
#define KI_DEBUG_ARG_MARK     0xBADB0D00
#define EXCEPTION_CHAIN_END   0xFFFFFFFF

/* KTRAP_FRAME offsets. */
#define TsDbgEbp          0x00
#define TsDbgEip          0x04
#define TsDbgArgMark      0x08
#define TsDbgArgPointer   0x0C
#define TsTempSegCs       0x10
#define TsTempEsp         0x14
#define TsDr0             0x18
#define TsSegGs           0x30
#define TsSegEs           0x34
#define TsSegDs           0x38
#define TsEdx             0x3C
#define TsEcx             0x40
#define TsEax             0x44
#define TsPreviousPreviousMode 0x48
#define TsExceptionList   0x4C
#define TsSegFs           0x50
#define TsEdi             0x54
#define TsEsi             0x58
#define TsEbx             0x5C
#define TsEbp             0x60
#define TsErrCode         0x64
#define TsEip             0x68
#define TsSegCs           0x6C
#define TsEFlags          0x70
#define TsHardwareEsp     0x74
#define TsHardwareSegSs   0x78

/* KPCR offsets (fs-relative in kernel mode). */
#define PcExceptionList   0x00
#define PcTeb             0x18
#define PcSelfPcr         0x1C
#define PcPrcb            0x20
#define PcIrql            0x24
#define PcIrr             0x28
#define PcTss             0x40
#define PcPrcbData        0x120
#define PcCurrentThread   0x124
#define PcNextThread      0x128
#define PcIdleThread      0x12C
#define PcKeSystemCalls   0x13C

/* KTHREAD offsets. */
#define ThInitialStack    0x18
#define ThTeb             0x20
#define ThKernelStack     0x28
#define ThState           0x2D
#define ThAlerted         0x2E
#define ThApcStateProcess 0x44
#define ThKernelApcPending 0x49
#define ThUserApcPending  0x4A
#define ThContextSwitches 0x4C
#define ThServiceTable    0xD8
#define ThTrapFrame       0xEC
#define ThPreviousMode    0xF8

/* IRQLs and the PCR's software interrupt request bits (bit n = IRQL n). */
#define PASSIVE_LEVEL     0
#define APC_LEVEL         1
#define DISPATCH_LEVEL    2

/* KPROCESS, KTSS, KSERVICE_TABLE_DESCRIPTOR offsets. */
#define PrDirectoryTableBase 0x18
#define TssEsp0           0x04
#define SdBase            0x00
#define SdLimit           0x08
#define SdNumber          0x0C
#define SdLength          0x10

#ifdef __ASSEMBLER__
/*
 * TRAP_PROLOG builds the rest of a KTRAP_FRAME after the hardware frame and ErrCode:
 * saves registers and segments, loads the kernel segments and the PCR, stores the
 * thread's PreviousMode and the PCR exception list, leaves ebp = esp = the frame.
 * Until DS is reloaded it may hold any user selector, so memory goes through SS or FS.
 */
.macro TRAP_PROLOG
	push %ebp
	push %ebx
	push %esi
	push %edi
	push %fs
	mov $KGDT_R0_PCR, %bx
	mov %bx, %fs
	pushl %fs:PcExceptionList
	movl $EXCEPTION_CHAIN_END, %fs:PcExceptionList
	mov %fs:PcCurrentThread, %esi
	movzbl %ss:ThPreviousMode(%esi), %ebx
	push %ebx
	push %eax
	push %ecx
	push %edx
	push %ds
	push %es
	push %gs
	sub $TsSegGs, %esp
	mov %esp, %ebp
	mov $KGDT_R0_DATA, %bx
	mov %bx, %ds
	mov %bx, %es
	xor %ebx, %ebx
	mov %bx, %gs
	cld
	mov TsEbp(%ebp), %ebx
	mov %ebx, TsDbgEbp(%ebp)
	mov TsEip(%ebp), %ebx
	mov %ebx, TsDbgEip(%ebp)
	movl $KI_DEBUG_ARG_MARK, TsDbgArgMark(%ebp)
.endm

/* FIXUP registers where a faulting kernel instruction that touches user memory resumes. */
.macro FIXUP fault, continuation
	.pushsection .kifixup, "a"
	.long \fault, \continuation
	.popsection
.endm

/* FUNC/ENDFUNC declare a global function symbol with type and size. */
.macro FUNC name
	.globl \name
	.type \name, @function
\name:
.endm

.macro ENDFUNC name
	.size \name, . - \name
.endm
#endif

#endif
