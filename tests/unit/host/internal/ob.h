/* internal/ob.h for the host tests (ob/obdir.c): the object types, no kernel. */
#ifndef _HOST_INTERNAL_OB_H
#define _HOST_INTERNAL_OB_H

#include <internal/ex.h>
#include <obtypes.h>

#endif
