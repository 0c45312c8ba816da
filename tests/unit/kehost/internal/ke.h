/*
 * ke.h (host shim) — stands in for kernel-image/include/internal/ke.h when the host unit
 * tests compile ke/readyq.c, ke/apcqueue.c and ke/waitsat.c: only the dispatcher's
 * portable declarations, none of the i386 parts (descriptor tables, traps, assembly).
 */
#ifndef _INTERNAL_KE_H
#define _INTERNAL_KE_H

#include <internal/kedisp.h>

#endif
