/*
 * elf.c — loading an i386 ELF image's symbols and section contents with libelf.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin/core/elf.h"

/* The open file and libelf handle of one load. */
struct loader {
	const char *what, *path;
	int fd;
	Elf *elf;
	char *err;
	size_t errlen;
};

/* Open path and check it is a linked 32-bit i386 ELF. 0, or -1 with L->err set. */
static int open_elf(struct loader *L)
{
	GElf_Ehdr eh;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(L->err, L->errlen, "libelf is unusable: %s", elf_errmsg(-1));
		return -1;
	}
	L->fd = open(L->path, O_RDONLY | O_CLOEXEC);
	if (L->fd < 0) {
		snprintf(L->err, L->errlen, "cannot open %s %s: %s", L->what, L->path, strerror(errno));
		return -1;
	}
	L->elf = elf_begin(L->fd, ELF_C_READ, NULL);
	if (!L->elf || elf_kind(L->elf) != ELF_K_ELF || !gelf_getehdr(L->elf, &eh)) {
		snprintf(L->err, L->errlen, "%s %s is not an ELF file", L->what, L->path);
		return -1;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_386) {
		snprintf(L->err, L->errlen, "%s %s is not a 32-bit i386 ELF (class %d, machine %d; "
		         "need ELFCLASS32 EM_386)", L->what, L->path, eh.e_ident[EI_CLASS], eh.e_machine);
		return -1;
	}
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		snprintf(L->err, L->errlen, "%s %s is not a linked executable (ELF type %d)",
		         L->what, L->path, eh.e_type);
		return -1;
	}
	return 0;
}

/* Keep the allocated section scn (its data copied, NOBITS as NULL) and widen the
 * image's span. 0, or -1 out of memory. */
static int keep_section(struct nts_image *img, Elf_Scn *scn)
{
	struct nts_section *s = &img->secs[img->nsecs];
	GElf_Shdr sh;
	Elf_Data *d;

	if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_size == 0)
		return 0;
	s->addr = sh.sh_addr;
	s->size = sh.sh_size;
	if (sh.sh_type != SHT_NOBITS && (d = elf_getdata(scn, NULL)) && d->d_size == sh.sh_size) {
		if (!(s->data = malloc(sh.sh_size)))
			return -1;
		memcpy(s->data, d->d_buf, sh.sh_size);
	}
	if (s->addr < img->lo)
		img->lo = s->addr;
	if (s->addr + s->size > img->hi)
		img->hi = s->addr + s->size;
	img->nsecs++;
	return 0;
}

/* Keep a copy of every allocated section so reads work after the file is closed. */
static int load_sections(struct nts_image *img, struct loader *L)
{
	Elf_Scn *scn = NULL;
	size_t n = 0;

	while ((scn = elf_nextscn(L->elf, scn)) != NULL)
		n++;
	img->secs = calloc(n ? n : 1, sizeof *img->secs);
	img->lo = UINT32_MAX;
	while (img->secs && (scn = elf_nextscn(L->elf, scn)) != NULL)
		if (keep_section(img, scn) != 0)
			break;
	if (!img->secs || scn) {
		snprintf(L->err, L->errlen, "out of memory loading %s %s", L->what, L->path);
		return -1;
	}
	if (img->nsecs == 0)
		img->lo = 0;
	return 0;
}

/* The symbol table section, or NULL. */
static Elf_Scn *find_symtab(Elf *elf, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL)
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB)
			return scn;
	return NULL;
}

/* Whether sym names code or data worth keeping. */
static int wanted(const GElf_Sym *sym, const char *name)
{
	int type = GELF_ST_TYPE(sym->st_info);
	if (!name || !name[0] || name[0] == '.' || name[0] == '$')
		return 0;
	if (type == STT_SECTION || type == STT_FILE)
		return 0;
	return sym->st_shndx != SHN_UNDEF && sym->st_shndx != SHN_ABS;
}

/* By address; at one address functions, objects, others; globals first. */
static int sym_order(const void *a, const void *b)
{
	const struct nts_sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->global != y->global)
		return x->global ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Fill sym from the ELF symbol, copying its name to *strp. */
static void keep_symbol(struct nts_sym *sym, const GElf_Sym *es, const char *name, char **strp)
{
	int type = GELF_ST_TYPE(es->st_info);
	size_t len = strlen(name) + 1;

	sym->addr = es->st_value;
	sym->size = es->st_size;
	sym->kind = type == STT_FUNC ? NTS_SYM_FUNC : type == STT_OBJECT ? NTS_SYM_OBJECT : NTS_SYM_OTHER;
	sym->global = GELF_ST_BIND(es->st_info) != STB_LOCAL;
	memcpy(*strp, name, len);
	sym->name = *strp;
	*strp += len;
}

/* Read the symbol table into img->syms, sorted. 0, or -1 (stripped image, no memory). */
static int load_symbols(struct nts_image *img, struct loader *L)
{
	GElf_Shdr sh = { 0 };
	GElf_Sym es;
	Elf_Scn *scn = find_symtab(L->elf, &sh);
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
	size_t i, n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0, strbytes = 0;
	char *str;

	if (!d || n == 0) {
		snprintf(L->err, L->errlen, "%s %s has no symbol table (stripped?)", L->what, L->path);
		return -1;
	}
	for (i = 0; i < n && gelf_getsym(d, i, &es); i++) {
		const char *name = elf_strptr(L->elf, sh.sh_link, es.st_name);
		if (wanted(&es, name))
			strbytes += strlen(name) + 1;
	}
	img->syms = calloc(n, sizeof *img->syms);
	img->strings = str = malloc(strbytes + 1);
	if (!img->syms || !str) {
		snprintf(L->err, L->errlen, "out of memory loading %s %s", L->what, L->path);
		return -1;
	}
	for (i = 0; i < n && gelf_getsym(d, i, &es); i++) {
		const char *name = elf_strptr(L->elf, sh.sh_link, es.st_name);
		if (wanted(&es, name))
			keep_symbol(&img->syms[img->nsyms++], &es, name, &str);
	}
	qsort(img->syms, img->nsyms, sizeof *img->syms, sym_order);
	return 0;
}

/* Copy the GNU build id of the image, as hex, into img->build_id (or leave it ""). */
static void load_build_id(struct nts_image *img, Elf *elf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		Elf_Data *d = gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE ? elf_getdata(scn, NULL) : NULL;
		GElf_Nhdr nh;
		size_t off = 0, noff, doff, i;
		while (d && (off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0) {
			const unsigned char *desc = (const unsigned char *)d->d_buf + doff;
			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((const char *)d->d_buf + noff, "GNU", 4) != 0)
				continue;
			for (i = 0; i < nh.n_descsz && 2 * i + 2 < sizeof img->build_id; i++)
				sprintf(img->build_id + 2 * i, "%02x", desc[i]);
			return;
		}
	}
}

int nts_image_load(struct nts_image *img, const char *what, const char *path,
                   char *err, size_t errlen)
{
	struct loader L = { what, path, -1, NULL, err, errlen };
	const char *slash = strrchr(path, '/');
	int rc = -1;

	memset(img, 0, sizeof *img);
	img->path = strdup(path);
	if (!img->path) {
		snprintf(err, errlen, "out of memory loading %s %s", what, path);
		goto out;
	}
	img->name = slash ? img->path + (slash - path) + 1 : img->path;
	if (open_elf(&L) || load_sections(img, &L) || load_symbols(img, &L))
		goto out;
	load_build_id(img, L.elf);
	rc = 0;
out:
	if (L.elf)
		elf_end(L.elf);
	if (L.fd >= 0)
		close(L.fd);
	if (rc)
		nts_image_free(img);
	return rc;
}

void nts_image_free(struct nts_image *img)
{
	size_t i;
	for (i = 0; i < img->nsecs; i++)
		free(img->secs[i].data);
	free(img->secs);
	free(img->syms);
	free(img->strings);
	free(img->path);
	memset(img, 0, sizeof *img);
}

int nts_image_symbol(const struct nts_image *img, const char *name, uint32_t *addr)
{
	const struct nts_sym *best = NULL;
	size_t i;
	for (i = 0; i < img->nsyms; i++) {
		const struct nts_sym *s = &img->syms[i];
		if (strcmp(s->name, name) == 0 && (!best || s->kind < best->kind))
			best = s;
	}
	if (!best)
		return -1;
	*addr = best->addr;
	return 0;
}

int nts_image_global_func(const struct nts_image *img, const char *name, uint32_t *addr)
{
	int rc = -1;
	size_t i;
	for (i = 0; i < img->nsyms; i++) {
		const struct nts_sym *s = &img->syms[i];
		if (strcmp(s->name, name) != 0)
			continue;
		if (s->global && s->kind == NTS_SYM_FUNC) {
			*addr = s->addr;
			return 0;
		}
		rc = 1;
	}
	return rc;
}

/* Index of the first symbol whose address is greater than addr. */
static size_t upper_bound(const struct nts_image *img, uint32_t addr)
{
	size_t lo = 0, hi = img->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (img->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct nts_sym *nts_image_lookup(const struct nts_image *img, uint32_t addr)
{
	size_t i;
	if (addr < img->lo || addr >= img->hi)
		return NULL;
	i = upper_bound(img, addr);
	if (i == 0)
		return NULL;
	i--;
	while (i > 0 && img->syms[i - 1].addr == img->syms[i].addr)
		i--;
	return &img->syms[i];
}

const struct nts_sym *nts_image_at(const struct nts_image *img, uint32_t addr)
{
	const struct nts_sym *s = nts_image_lookup(img, addr);
	return s && s->addr == addr ? s : NULL;
}

int nts_image_read(const struct nts_image *img, uint32_t addr, void *buf, uint32_t len)
{
	unsigned char *out = buf;
	size_t i;

	while (len > 0) {
		const struct nts_section *s = NULL;
		uint32_t off, n;
		for (i = 0; i < img->nsecs && !s; i++)
			if (addr - img->secs[i].addr < img->secs[i].size)
				s = &img->secs[i];
		if (!s)
			return -1;
		off = addr - s->addr;
		n = s->size - off < len ? s->size - off : len;
		if (s->data)
			memcpy(out, s->data + off, n);
		else
			memset(out, 0, n);
		out += n, addr += n, len -= n;
	}
	return 0;
}

char *nts_format_addr(const struct nts_sym *sym, uint32_t addr, char *buf, size_t len)
{
	if (!sym)
		snprintf(buf, len, "0x%08x", addr);
	else if (sym->addr == addr)
		snprintf(buf, len, "%s", sym->name);
	else
		snprintf(buf, len, "%s+0x%x", sym->name, addr - sym->addr);
	return buf;
}

char *nts_symbolize(const struct nts_image *const *imgs, size_t n, uint32_t addr,
                    char *buf, size_t len)
{
	const struct nts_sym *s = NULL;
	size_t i;
	for (i = 0; i < n && !s; i++)
		s = nts_image_lookup(imgs[i], addr);
	return nts_format_addr(s, addr, buf, len);
}
