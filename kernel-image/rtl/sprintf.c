/*
 * sprintf.c — a small vsnprintf: flags '-' '0', width and string precision (or *),
 * length modifiers h l ll, conversions d i u x X o p c s S (wide) %.
 */
#include <rtl.h>

typedef struct _RTLP_OUTPUT {
	char *Buffer;
	size_t Count;
	size_t Length;
} RTLP_OUTPUT;

typedef struct _RTLP_SPEC {
	BOOLEAN LeftAlign;
	char Pad;
	int Width;
	int Precision;
	int Size;                  /* 0 int, 1 long, 2 long long */
} RTLP_SPEC;

/* Append one character, keeping room for the terminating NUL. */
static void RtlpPut(RTLP_OUTPUT *Out, char Char)
{
	if (Out->Length + 1 < Out->Count)
		Out->Buffer[Out->Length] = Char;
	Out->Length++;
}

/* Append Length characters of Text padded to the field width. */
static void RtlpPutField(RTLP_OUTPUT *Out, const RTLP_SPEC *Spec, const char *Text, int Length)
{
	int Padding = Spec->Width > Length ? Spec->Width - Length : 0;

	if (!Spec->LeftAlign)
		while (Padding-- > 0)
			RtlpPut(Out, Spec->Pad);
	while (Length-- > 0)
		RtlpPut(Out, *Text++);
	if (Spec->LeftAlign)
		while (Padding-- > 0)
			RtlpPut(Out, ' ');
}

/* Append an unsigned number in Base, with a sign when Negative. */
static void RtlpPutNumber(RTLP_OUTPUT *Out, RTLP_SPEC *Spec, ULONGLONG Value, unsigned Base,
                          BOOLEAN Upper, BOOLEAN Negative)
{
	const char *Digits = Upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char Text[24];
	int Length = sizeof(Text);

	do {
		Text[--Length] = Digits[Value % Base];
		Value /= Base;
	} while (Value);
	if (Negative && Spec->Pad == '0' && Spec->Width > 0) {
		RtlpPut(Out, '-');
		Spec->Width--;
	} else if (Negative) {
		Text[--Length] = '-';
	}
	RtlpPutField(Out, Spec, Text + Length, sizeof(Text) - Length);
}

/* Parse flags, width, precision and length of one conversion; return the format tail. */
static const char *RtlpParseSpec(const char *Format, RTLP_SPEC *Spec, va_list *Arguments)
{
	*Spec = (RTLP_SPEC){ FALSE, ' ', 0, -1, 0 };
	for (;; Format++) {
		if (*Format == '-')
			Spec->LeftAlign = TRUE;
		else if (*Format == '0')
			Spec->Pad = '0';
		else
			break;
	}
	if (*Format == '*')
		Spec->Width = va_arg(*Arguments, int), Format++;
	for (; *Format >= '0' && *Format <= '9'; Format++)
		Spec->Width = Spec->Width * 10 + (*Format - '0');
	if (*Format == '.' && Format[1] == '*')
		Spec->Precision = va_arg(*Arguments, int), Format += 2;
	else if (*Format == '.')
		for (Spec->Precision = 0, Format++; *Format >= '0' && *Format <= '9'; Format++)
			Spec->Precision = Spec->Precision * 10 + (*Format - '0');
	for (; *Format == 'l' || *Format == 'h' || *Format == 'z'; Format++)
		Spec->Size += *Format == 'l';
	return Format;
}

/* Fetch an integer argument of the size the specification names. */
static ULONGLONG RtlpFetch(RTLP_SPEC *Spec, va_list *Arguments, BOOLEAN Signed)
{
	if (Spec->Size >= 2)
		return va_arg(*Arguments, ULONGLONG);
	if (Signed)
		return (ULONGLONG)(LONGLONG)va_arg(*Arguments, long);
	return va_arg(*Arguments, unsigned long);
}

/* Append a narrow or wide string argument, honouring the precision. */
static void RtlpPutString(RTLP_OUTPUT *Out, RTLP_SPEC *Spec, const void *String, BOOLEAN Wide)
{
	char Narrow[128];
	int Length = 0;

	if (!String)
		String = Wide ? (const void *)L"(null)" : "(null)";
	if (!Wide) {
		while (((const char *)String)[Length] && Length != Spec->Precision)
			Length++;
		RtlpPutField(Out, Spec, String, Length);
		return;
	}
	for (; ((const WCHAR *)String)[Length] && Length != Spec->Precision &&
	       Length < (int)sizeof(Narrow); Length++)
		Narrow[Length] = (char)((const WCHAR *)String)[Length];
	RtlpPutField(Out, Spec, Narrow, Length);
}

/* Format one conversion character. */
static void RtlpConvert(RTLP_OUTPUT *Out, RTLP_SPEC *Spec, char Conversion, va_list *Arguments)
{
	LONGLONG Signed;
	char Char;

	switch (Conversion) {
	case 'd': case 'i':
		Signed = (LONGLONG)RtlpFetch(Spec, Arguments, TRUE);
		RtlpPutNumber(Out, Spec, Signed < 0 ? -(ULONGLONG)Signed : (ULONGLONG)Signed, 10,
		              FALSE, Signed < 0);
		break;
	case 'u': RtlpPutNumber(Out, Spec, RtlpFetch(Spec, Arguments, FALSE), 10, FALSE, FALSE); break;
	case 'o': RtlpPutNumber(Out, Spec, RtlpFetch(Spec, Arguments, FALSE), 8, FALSE, FALSE); break;
	case 'x': RtlpPutNumber(Out, Spec, RtlpFetch(Spec, Arguments, FALSE), 16, FALSE, FALSE); break;
	case 'X': RtlpPutNumber(Out, Spec, RtlpFetch(Spec, Arguments, FALSE), 16, TRUE, FALSE); break;
	case 'p':
		*Spec = (RTLP_SPEC){ FALSE, '0', 8, -1, 1 };
		RtlpPutNumber(Out, Spec, (ULONG_PTR)va_arg(*Arguments, void *), 16, TRUE, FALSE);
		break;
	case 'c': Char = (char)va_arg(*Arguments, int); RtlpPutField(Out, Spec, &Char, 1); break;
	case 's': RtlpPutString(Out, Spec, va_arg(*Arguments, const void *), Spec->Size > 0); break;
	case 'S': RtlpPutString(Out, Spec, va_arg(*Arguments, const void *), TRUE); break;
	default: RtlpPut(Out, Conversion); break;
	}
}

/* Format into Buffer (always NUL-terminated when Count > 0); return the full length. */
int vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Arguments)
{
	RTLP_OUTPUT Out = { Buffer, Count, 0 };
	RTLP_SPEC Spec;
	va_list Copy;

	va_copy(Copy, Arguments);
	for (; *Format; Format++) {
		if (*Format != '%') {
			RtlpPut(&Out, *Format);
			continue;
		}
		Format = RtlpParseSpec(Format + 1, &Spec, &Copy);
		if (!*Format)
			break;
		RtlpConvert(&Out, &Spec, *Format, &Copy);
	}
	va_end(Copy);
	if (Count)
		Buffer[Out.Length < Count ? Out.Length : Count - 1] = 0;
	return (int)Out.Length;
}

/* snprintf over vsnprintf. */
int snprintf(char *Buffer, size_t Count, const char *Format, ...)
{
	va_list Arguments;
	int Length;

	va_start(Arguments, Format);
	Length = vsnprintf(Buffer, Count, Format, Arguments);
	va_end(Arguments);
	return Length;
}
