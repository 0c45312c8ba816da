/* Finding Bochs, the tracer library and the kernel images, in a build tree or installed. */
#include "config.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers/ntscope.h"

/* Copy the environment variable `name` into dst when it is set, else `fallback`. */
static void pick(char *dst, const char *name, const char *fallback)
{
	const char *v = getenv(name);

	nts_pathf(dst, "%s", v && *v ? v : fallback);
}

/* The directory holding this executable, or "" if /proc is unavailable. */
static void exe_dir(char *dir)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	dir[0] = 0;
	if (n <= 0)
		return;
	exe[n] = 0;
	snprintf(dir, PATH_MAX, "%s", dirname(exe));
}

void nts_paths_find(struct nts_paths *p)
{
	char dir[PATH_MAX], probe[PATH_MAX];

	exe_dir(dir);
	nts_pathf(probe, "%s/kernel-image/ntoskrnl.elf", dir);
	if (dir[0] && access(probe, F_OK) == 0) {
		/* Build tree: products beside the binary, sources under NTS_TOP_SRCDIR. */
		nts_pathf(p->images, "%s/kernel-image", dir);
		nts_pathf(p->workloads, "%s/kernel-image/workloads", NTS_TOP_SRCDIR);
		nts_pathf(p->sdk, "%s/kernel-image/sdk", dir);
		nts_pathf(p->tracer, "%s/plugin/.libs/libntscope-trace.so", dir);
		pick(p->bochs, "NTSCOPE_BOCHS", NTS_BUILD_BOCHS);
	} else {
		nts_pathf(p->images, "%s", NTS_PKGDATADIR);
		nts_pathf(p->workloads, "%s/workloads", NTS_PKGDATADIR);
		nts_pathf(p->sdk, "%s/sdk", NTS_PKGDATADIR);
		nts_pathf(p->tracer, "%s/libntscope-trace.so", NTS_PKGLIBDIR);
		pick(p->bochs, "NTSCOPE_BOCHS", NTS_PKGLIBEXECDIR "/bochs");
	}
	pick(p->bios, "NTSCOPE_BIOS", NTS_BIOS_DIR "/BIOS-bochs-latest");
	pick(p->vgabios, "NTSCOPE_VGABIOS", NTS_VGABIOS);
}
