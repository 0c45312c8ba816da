/*
 * ntlpcapi.h — LPC as user mode sees it: the types (lpctypes.h) and the port services
 * (ntapi.h, NT's signatures).
 */
#ifndef _NTLPCAPI_H
#define _NTLPCAPI_H

#include <lpctypes.h>
#include <ntapi.h>

#endif
