/*
 * bootsect.S — the MBR. The BIOS loads it at 0x7C00; it reads the loader (LBA 1, up to
 * BOOTFS_LOADER_SECTORS sectors) to 0x8000 with INT 13h AH=42h and jumps there with
 * DL = the boot drive.
 */
#include "bldr.h"

#define LOADER_SECTORS 62

	.code16
	.text
	.globl BootSectorStart
BootSectorStart:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $BL_STACK_TOP, %sp
	ljmp $0, $1f
1:	sti
	cld
	mov %dl, BootDrive
	mov $0x41, %ah
	mov $0x55AA, %bx
	int $0x13
	jc NoExtensions
	cmp $0xAA55, %bx
	jne NoExtensions
	mov $DiskAddressPacket, %si
	mov $0x42, %ah
	mov BootDrive, %dl
	int $0x13
	jc ReadError
	mov BootDrive, %dl
	ljmp $0, $BL_LOAD_ADDRESS

NoExtensions:
	mov $NoExtensionsMessage, %si
	jmp Fail
ReadError:
	mov $ReadErrorMessage, %si
Fail:
	lodsb
	test %al, %al
	jz Halt
	out %al, $0xE9
	mov $0x0E, %ah
	mov $7, %bx
	int $0x10
	jmp Fail
Halt:
	cli
	hlt
	jmp Halt

BootDrive:
	.byte 0
DiskAddressPacket:
	.byte 16, 0
	.word LOADER_SECTORS
	.word BL_LOAD_ADDRESS, 0
	.quad 1
NoExtensionsMessage:
	.asciz "ntscope boot: BIOS has no INT 13h extensions\r\n"
ReadErrorMessage:
	.asciz "ntscope boot: cannot read the loader\r\n"

	.org 510
	.word 0xAA55
