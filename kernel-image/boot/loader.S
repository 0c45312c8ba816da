/*
 * loader.S — the loader's real-mode start and mode switches. Real mode: save the boot
 * drive, enable A20, read the memory map (E820, else E801), enter protected mode and
 * call BlMain. BlBiosDiskRead drops back to real mode for each INT 13h read;
 * BlTransferToKernel turns paging on and jumps to the kernel.
 */
#include "bldr.h"

	.code16
	.section .text.start, "ax"
	.globl BlStart
BlStart:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $BL_STACK_TOP, %sp
	sti
	cld
	mov %dl, BlBootDrive
	call BlEnableA20
	call BlDetectMemory
	cli
	lgdtl BlGdtDescriptor
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmp $BL_CODE32, $BlProtectedEntry

/* A20 through the BIOS, then the fast A20 gate (port 0x92). */
BlEnableA20:
	mov $0x2401, %ax
	int $0x15
	in $0x92, %al
	test $2, %al
	jnz 1f
	or $2, %al
	and $0xFE, %al
	out %al, $0x92
1:	ret

/* E820 entries to BL_E820_MAP (count in BlE820Count); without E820, E801 sizes. */
BlDetectMemory:
	xor %ebx, %ebx
	mov $BL_E820_MAP, %di
1:	mov $0x534D4150, %edx
	mov $0xE820, %eax
	mov $24, %ecx
	movl $1, %es:20(%di)
	int $0x15
	jc 2f
	cmp $0x534D4150, %eax
	jne 2f
	incl BlE820Count
	add $24, %di
	test %ebx, %ebx
	jz 2f
	cmpl $BL_E820_MAX, BlE820Count
	jb 1b
2:	cmpl $0, BlE820Count
	jne 4f
	mov $0xE801, %ax
	int $0x15
	jc 4f
	test %cx, %cx
	jnz 3f
	mov %ax, %cx
	mov %bx, %dx
3:	mov %cx, BlE801Low
	mov %dx, BlE801High
4:	ret

	.code32
BlProtectedEntry:
	mov $BL_DATA32, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov $BL_STACK_TOP, %esp
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb
	movzbl BlBootDrive, %eax
	push %eax
	call BlMain
1:	hlt
	jmp 1b

/*
 * ULONG BlBiosDiskRead(ULONG Lba, ULONG Count): read Count (<= BL_BOUNCE_SECTORS)
 * sectors to BL_BOUNCE_ADDRESS through real mode; 0 on success.
 */
	.globl BlBiosDiskRead
BlBiosDiskRead:
	push %ebp
	mov %esp, %ebp
	push %ebx
	push %esi
	push %edi
	mov 8(%ebp), %eax
	mov %eax, BlDapLba
	mov 12(%ebp), %eax
	mov %ax, BlDapCount
	ljmp $BL_CODE16, $1f
	.code16
1:	mov $BL_DATA16, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %cr0, %eax
	and $0xFFFFFFFE, %eax
	mov %eax, %cr0
	ljmp $0, $2f
2:	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	lidt BlRealModeIdt
	sti
	mov $BlDiskAddressPacket, %si
	mov BlBootDrive, %dl
	mov $0x42, %ah
	int $0x13
	sbb %ebx, %ebx
	cli
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmp $BL_CODE32, $3f
	.code32
3:	mov $BL_DATA32, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ebx, %eax
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

/* VOID BlTransferToKernel(Entry, LoaderBlock, PageDirectory): paging on, jump to the kernel. */
	.globl BlTransferToKernel
BlTransferToKernel:
	mov 4(%esp), %eax
	mov 8(%esp), %edx
	mov 12(%esp), %ecx
	mov %cr4, %ebx
	or $0x10, %ebx
	mov %ebx, %cr4
	mov %ecx, %cr3
	mov %cr0, %ebx
	or $0x80000000, %ebx
	mov %ebx, %cr0
	push %edx
	push $0
	jmp *%eax

	.data
	.globl BlBootDrive, BlE820Count, BlE801Low, BlE801High
BlBootDrive:
	.byte 0
	.align 4
BlE820Count:
	.long 0
BlE801Low:
	.word 0
BlE801High:
	.word 0
	.align 8
BlGdt:
	.quad 0
	.quad 0x00CF9A000000FFFF
	.quad 0x00CF92000000FFFF
	.quad 0x00009A000000FFFF
	.quad 0x000092000000FFFF
BlGdtDescriptor:
	.word . - BlGdt - 1
	.long BlGdt
BlRealModeIdt:
	.word 0x3FF
	.long 0
	.align 4
BlDiskAddressPacket:
	.byte 16, 0
BlDapCount:
	.word 0
	.word 0, BL_BOUNCE_SEGMENT
BlDapLba:
	.long 0, 0

	.section .note.GNU-stack, "", @progbits
