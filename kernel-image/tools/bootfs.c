/*
 * bootfs.c — writing the ntscope boot disk (layout in bootfs.h). Host code shared by
 * mkbootdisk and `ntscope run`: every failure returns -1 with one line in err; nothing
 * here exits. A failed write removes the partial image.
 */
#include "bootfs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTOR 512u
#define CYLINDER_SECTORS (16u * 63u)

struct image {
	FILE *out;
	const char *path;
	uint32_t lba;                   /* next sector to write */
	char *err;
	size_t errlen;
};

/* Put a formatted one-line message in err; return -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Read a whole host file into a malloc'd buffer. */
static int read_file(const char *path, unsigned char **data, size_t *size, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	long length;
	int ok;

	if (!f)
		return fail(err, errlen, "cannot open '%s': %s", path, strerror(errno));
	ok = fseek(f, 0, SEEK_END) == 0 && (length = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0;
	if (ok && (unsigned long)length > UINT32_MAX - SECTOR)
		ok = (errno = EFBIG, 0);
	*data = ok ? malloc(length ? (size_t)length : 1) : NULL;
	if (ok && !*data)
		ok = (errno = ENOMEM, 0);
	if (ok && length && fread(*data, 1, (size_t)length, f) != (size_t)length)
		ok = (errno = ferror(f) ? EIO : EINVAL, 0);
	fclose(f);
	if (!ok) {
		free(*data);
		return fail(err, errlen, "cannot read '%s': %s", path, strerror(errno));
	}
	*size = (size_t)length;
	return 0;
}

/* Write data and pad it with zeros to whole sectors. */
static int put_sectors(struct image *img, const void *data, size_t size)
{
	static const unsigned char zeros[SECTOR];
	size_t pad = (SECTOR - size % SECTOR) % SECTOR;

	if ((size && fwrite(data, 1, size, img->out) != size) ||
	    (pad && fwrite(zeros, 1, pad, img->out) != pad))
		return fail(img->err, img->errlen, "cannot write '%s': %s", img->path, strerror(errno));
	img->lba += (uint32_t)((size + pad) / SECTOR);
	return 0;
}

/* Pad with zero sectors up to sector lba. */
static int pad_to(struct image *img, uint32_t lba)
{
	static const unsigned char zero[SECTOR];

	while (img->lba < lba)
		if (put_sectors(img, zero, SECTOR))
			return -1;
	return 0;
}

/* Store a 32-bit little-endian value. */
static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Check names: present, short enough, unique. */
static int check_files(const struct bootfs_file *files, int nfiles, char *err, size_t errlen)
{
	int i, j;

	if (nfiles < 0 || nfiles > BOOTFS_MAX_FILES)
		return fail(err, errlen, "%d boot files given; at most %d fit", nfiles, BOOTFS_MAX_FILES);
	for (i = 0; i < nfiles; i++) {
		if (!files[i].name || !*files[i].name || !files[i].path)
			return fail(err, errlen, "boot file %d has no name or no path", i + 1);
		if (strlen(files[i].name) >= BOOTFS_NAME_MAX)
			return fail(err, errlen, "boot file name '%s' is longer than %d characters",
			            files[i].name, BOOTFS_NAME_MAX - 1);
		for (j = 0; j < i; j++)
			if (!strcmp(files[i].name, files[j].name))
				return fail(err, errlen, "boot file '%s' given twice", files[i].name);
	}
	return 0;
}

/* Boot sector (512 bytes with the 0x55AA signature) and loader (<= 62 sectors). */
static int put_boot_code(struct image *img, const char *bootsect, const char *loader)
{
	unsigned char *data;
	size_t size;
	int rc;

	if (read_file(bootsect, &data, &size, img->err, img->errlen))
		return -1;
	rc = size != SECTOR || data[510] != 0x55 || data[511] != 0xAA ?
	     fail(img->err, img->errlen, "'%s' is not a 512-byte boot sector ending in 55 AA", bootsect) :
	     put_sectors(img, data, size);
	free(data);
	if (rc || read_file(loader, &data, &size, img->err, img->errlen))
		return -1;
	rc = !size || size > BOOTFS_LOADER_SECTORS * SECTOR ?
	     fail(img->err, img->errlen, "'%s' is %zu bytes; the loader must be 1 to %u bytes",
	          loader, size, BOOTFS_LOADER_SECTORS * SECTOR) :
	     put_sectors(img, data, size);
	free(data);
	return rc;
}

/* The directory sectors: header then one entry per file (lba/size filled from sizes). */
static int put_directory(struct image *img, const struct bootfs_file *files, int nfiles,
                         const size_t *sizes)
{
	size_t dirsize = sizeof(struct bootfs_header) + (size_t)nfiles * sizeof(struct bootfs_entry);
	uint32_t dirsectors = (uint32_t)((dirsize + SECTOR - 1) / SECTOR);
	uint32_t lba = BOOTFS_DIR_LBA + dirsectors;
	unsigned char dir[sizeof(struct bootfs_header) + BOOTFS_MAX_FILES * sizeof(struct bootfs_entry)];
	unsigned char *e;
	int i;

	memset(dir, 0, sizeof(dir));
	memcpy(dir, BOOTFS_MAGIC, 8);
	put_le32(dir + 8, (uint32_t)nfiles);
	for (i = 0; i < nfiles; i++) {
		e = dir + sizeof(struct bootfs_header) + (size_t)i * sizeof(struct bootfs_entry);
		memcpy(e, files[i].name, strlen(files[i].name));
		put_le32(e + BOOTFS_NAME_MAX, lba);
		put_le32(e + BOOTFS_NAME_MAX + 4, (uint32_t)sizes[i]);
		lba += (uint32_t)((sizes[i] + SECTOR - 1) / SECTOR);
	}
	put_le32(dir + 12, lba - BOOTFS_DIR_LBA);
	return put_sectors(img, dir, dirsize);
}

/* Directory and file data; files are read twice (sizes first) to keep memory small. */
static int put_files(struct image *img, const struct bootfs_file *files, int nfiles)
{
	size_t sizes[BOOTFS_MAX_FILES], size;
	unsigned char *data;
	int i, rc = 0;

	for (i = 0; i < nfiles; i++) {
		if (read_file(files[i].path, &data, &sizes[i], img->err, img->errlen))
			return -1;
		free(data);
	}
	if (put_directory(img, files, nfiles, sizes))
		return -1;
	for (i = 0; i < nfiles && !rc; i++) {
		if (read_file(files[i].path, &data, &size, img->err, img->errlen))
			return -1;
		rc = size != sizes[i] ?
		     fail(img->err, img->errlen, "'%s' changed while the image was written", files[i].path) :
		     put_sectors(img, data, size);
		free(data);
	}
	return rc;
}

int bootfs_write(const char *out, const char *bootsect, const char *loader,
                 const struct bootfs_file *files, int nfiles, char *err, size_t errlen)
{
	struct image img = { NULL, out, 0, err, errlen };
	int rc;

	if (!out || !bootsect || !loader || (nfiles && !files))
		return fail(err, errlen, "bootfs_write: missing output, boot sector, loader or files");
	if (check_files(files, nfiles, err, errlen))
		return -1;
	img.out = fopen(out, "wb");
	if (!img.out)
		return fail(err, errlen, "cannot create '%s': %s", out, strerror(errno));
	rc = put_boot_code(&img, bootsect, loader) || pad_to(&img, BOOTFS_DIR_LBA) ||
	     put_files(&img, files, nfiles) ||
	     pad_to(&img, (img.lba + CYLINDER_SECTORS - 1) / CYLINDER_SECTORS * CYLINDER_SECTORS);
	if (fclose(img.out) && !rc)
		rc = fail(err, errlen, "cannot write '%s': %s", out, strerror(errno));
	if (rc)
		remove(out);
	return rc ? -1 : 0;
}
