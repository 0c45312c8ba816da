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

	snprintf(dst, PATH_MAX, "%s", v && *v ? v : fallback);
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
	char dir[PATH_MAX], probe[PATH_MAX + 32];

	exe_dir(dir);
	snprintf(probe, sizeof probe, "%s/kernel-image/ntoskrnl.elf", dir);
	if (dir[0] && access(probe, F_OK) == 0) {
		/* Build tree: products beside the binary, sources under NTS_TOP_SRCDIR. */
		snprintf(p->images, PATH_MAX, "%s/kernel-image", dir);
		snprintf(p->workloads, PATH_MAX, "%s/kernel-image/workloads", NTS_TOP_SRCDIR);
		snprintf(probe, sizeof probe, "%s/plugin/.libs/libntscope-trace.so", dir);
		snprintf(p->tracer, PATH_MAX, "%s", probe);
		pick(p->bochs, "NTSCOPE_BOCHS", NTS_BUILD_BOCHS);
	} else {
		snprintf(p->images, PATH_MAX, "%s", NTS_PKGDATADIR);
		snprintf(p->workloads, PATH_MAX, "%s/workloads", NTS_PKGDATADIR);
		snprintf(p->tracer, PATH_MAX, "%s/libntscope-trace.so", NTS_PKGLIBDIR);
		pick(p->bochs, "NTSCOPE_BOCHS", NTS_PKGLIBEXECDIR "/bochs");
	}
	pick(p->bios, "NTSCOPE_BIOS", NTS_BIOS_DIR "/BIOS-bochs-latest");
	pick(p->vgabios, "NTSCOPE_VGABIOS", NTS_VGABIOS);
}
