/*
 * bootfs.h — the ntscope boot disk: a boot sector, our loader, and a flat boot file
 * system holding the kernel, ntdll, programs and boot.ini. Built at `make` time by
 * mkbootdisk and per run by `ntscope run` (which adds boot.ini and user programs).
 *
 * Layout (512-byte sectors):
 *   LBA 0                 boot sector (boot/bootsect.S), loads the loader
 *   LBA 1 .. 1+LOADER     loader (boot/loader*), at most BOOTFS_LOADER_SECTORS
 *   LBA BOOTFS_DIR_LBA    directory: struct bootfs_header + entries
 *   following sectors     file data, each file sector-aligned
 * The image is padded to a whole number of 16-head, 63-sector cylinders.
 */
#ifndef NTSCOPE_BOOTFS_H
#define NTSCOPE_BOOTFS_H

#include <stddef.h>
#include <stdint.h>

#define BOOTFS_MAGIC          "NTSBOOTF"
#define BOOTFS_LOADER_SECTORS 62
#define BOOTFS_DIR_LBA        64
#define BOOTFS_NAME_MAX       48
#define BOOTFS_MAX_FILES      63

struct bootfs_entry {           /* 64 bytes, little-endian */
	char     name[BOOTFS_NAME_MAX]; /* NUL-terminated, e.g. "ntoskrnl.elf", "boot.ini" */
	uint32_t lba;
	uint32_t size;              /* bytes */
	uint32_t reserved[2];
};

struct bootfs_header {          /* 64 bytes, then `count` entries */
	char     magic[8];
	uint32_t count;
	uint32_t total_sectors;     /* of the directory plus all file data */
	uint32_t reserved[12];
};

struct bootfs_file {            /* one file to put in the image */
	const char *name;           /* name inside the boot file system */
	const char *path;           /* host file to read */
};

/* Write a bootable image to `out`. On failure return -1 and put one line in err. */
int bootfs_write(const char *out, const char *bootsect, const char *loader,
                 const struct bootfs_file *files, int nfiles, char *err, size_t errlen);

#endif
