/* intrin_x86.h — the x86 instructions C code needs, under MSVC's intrinsic names. */
#ifndef _INTRIN_X86_H
#define _INTRIN_X86_H

#include <ntdef.h>

FORCEINLINE UCHAR __inbyte(USHORT Port)
{
	UCHAR Value;
	__asm__ __volatile__("inb %1, %0" : "=a"(Value) : "Nd"(Port));
	return Value;
}

FORCEINLINE VOID __outbyte(USHORT Port, UCHAR Value)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(Value), "Nd"(Port));
}

FORCEINLINE VOID __outbytestring(USHORT Port, const UCHAR *Buffer, ULONG Count)
{
	__asm__ __volatile__("rep outsb" : "+S"(Buffer), "+c"(Count) : "d"(Port) : "memory");
}

FORCEINLINE ULONG __readeflags(VOID)
{
	ULONG Value;
	__asm__ __volatile__("pushfl; popl %0" : "=r"(Value));
	return Value;
}

FORCEINLINE VOID __writeeflags(ULONG Value)
{
	__asm__ __volatile__("pushl %0; popfl" : : "r"(Value) : "memory", "cc");
}

FORCEINLINE VOID _disable(VOID)
{
	__asm__ __volatile__("cli" : : : "memory");
}

FORCEINLINE VOID _enable(VOID)
{
	__asm__ __volatile__("sti" : : : "memory");
}

FORCEINLINE VOID __halt(VOID)
{
	__asm__ __volatile__("hlt" : : : "memory");
}

#define KI_DEFINE_CR(n) \
	FORCEINLINE ULONG __readcr##n(VOID) \
	{ ULONG Value; __asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(Value)); return Value; } \
	FORCEINLINE VOID __writecr##n(ULONG Value) \
	{ __asm__ __volatile__("mov %0, %%cr" #n : : "r"(Value) : "memory"); }
KI_DEFINE_CR(0)
KI_DEFINE_CR(2)
KI_DEFINE_CR(3)
KI_DEFINE_CR(4)
#undef KI_DEFINE_CR

FORCEINLINE VOID __writemsr(ULONG Register, ULONGLONG Value)
{
	__asm__ __volatile__("wrmsr" : : "c"(Register), "A"(Value));
}

FORCEINLINE VOID __cpuid(INT Info[4], INT Function)
{
	__asm__ __volatile__("cpuid" : "=a"(Info[0]), "=b"(Info[1]), "=c"(Info[2]), "=d"(Info[3])
	                     : "a"(Function), "c"(0));
}

FORCEINLINE VOID __invlpg(PVOID Address)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(Address) : "memory");
}

#endif
