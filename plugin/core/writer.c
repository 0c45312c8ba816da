/*
 * writer.c — the writer thread: SQLite off the emulation thread. The tracer stages
 * each statement (db.c) and appends it to a chunk; full chunks (and every commit) go
 * to the writer, which runs their statements in order (nts_db_apply_chunk, which folds
 * a system call's exit into its insert when both are in the chunk). At most NTS_WRITER_CHUNKS
 * chunks wait at once: then the tracer waits for the writer (back-pressure), so the
 * queue's memory is bounded and no event is ever dropped. Row ids are assigned when
 * staged (db.c), so nothing waits for an insert.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/db.h"

#define NTS_WRITER_CHUNK (256u << 10)  /* bytes of statements per chunk */
#define NTS_WRITER_CHUNKS 32           /* chunks queued at most: 8 MiB */

/* Staged statements, each a uint32 length and its bytes. */
struct chunk {
	struct chunk *next;
	size_t len, cap;
	unsigned char data[];
};

struct nts_writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, room;
	struct chunk *head, *tail;     /* queued for the writer */
	struct chunk *spare;           /* run, for reuse */
	struct chunk *cur;             /* being filled (tracer thread only) */
	unsigned queued;
	unsigned long waits;           /* hand-offs that found the queue full */
	int busy, stop;
};

static void *writer_main(void *arg)
{
	struct nts_db *w = arg;
	struct nts_writer *q = w->writer;
	struct chunk *c;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->head && !q->stop)
			pthread_cond_wait(&q->work, &q->mu);
		if (!(c = q->head))
			break;
		if (!(q->head = c->next))
			q->tail = NULL;
		q->queued--;
		q->busy = 1;
		pthread_mutex_unlock(&q->mu);
		nts_db_apply_chunk(w, c->data, c->len);
		pthread_mutex_lock(&q->mu);
		q->busy = 0;
		c->len = 0;
		c->next = q->spare;
		q->spare = c;
		pthread_cond_broadcast(&q->room);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* Queue the current chunk (if it holds anything), waiting while the queue is full. */
static void hand_off(struct nts_writer *q)
{
	struct chunk *c = q->cur;

	if (!c || !c->len)
		return;
	q->cur = NULL;
	pthread_mutex_lock(&q->mu);
	q->waits += q->queued >= NTS_WRITER_CHUNKS;
	while (q->queued >= NTS_WRITER_CHUNKS)
		pthread_cond_wait(&q->room, &q->mu);
	c->next = NULL;
	if (q->tail)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	q->queued++;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
}

/* An empty chunk for at least n bytes: a spare one, or a new one; NULL without memory. */
static struct chunk *fresh(struct nts_writer *q, size_t n)
{
	struct chunk *c = NULL;
	size_t cap = n > NTS_WRITER_CHUNK ? n : NTS_WRITER_CHUNK;

	pthread_mutex_lock(&q->mu);
	if (q->spare && q->spare->cap >= n) {
		c = q->spare;
		q->spare = c->next;
	}
	pthread_mutex_unlock(&q->mu);
	if (!c && (c = malloc(sizeof *c + cap)))
		c->cap = cap;
	if (c)
		c->len = 0;
	return c;
}

int nts_writer_put(struct nts_db *w, const unsigned char *rec, size_t len)
{
	struct nts_writer *q = w->writer;
	uint32_t n = (uint32_t)len;

	if (q->cur && q->cur->len + sizeof n + len > q->cur->cap)
		hand_off(q);
	if (!q->cur && !(q->cur = fresh(q, sizeof n + len))) {
		nts_writer_sync(w);
		return nts_db_apply(w, rec, len);
	}
	memcpy(q->cur->data + q->cur->len, &n, sizeof n);
	memcpy(q->cur->data + q->cur->len + sizeof n, rec, len);
	q->cur->len += sizeof n + len;
	if (rec[0] == NTS_ST_COMMIT)
		hand_off(q);
	return 0;
}

int nts_writer_sync(struct nts_db *w)
{
	struct nts_writer *q = w->writer;

	if (!q)
		return w->errors ? -1 : 0;
	hand_off(q);
	pthread_mutex_lock(&q->mu);
	while (q->queued || q->busy)
		pthread_cond_wait(&q->room, &q->mu);
	pthread_mutex_unlock(&q->mu);
	return w->errors ? -1 : 0;
}

unsigned long nts_writer_waits(const struct nts_db *w)
{
	unsigned long n = 0;

	if (w->writer) {
		pthread_mutex_lock(&w->writer->mu);
		n = w->writer->waits;
		pthread_mutex_unlock(&w->writer->mu);
	}
	return n;
}

int nts_writer_start(struct nts_db *w)
{
	struct nts_writer *q = calloc(1, sizeof *q);

	if (!q)
		return -1;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->room, NULL);
	w->writer = q;
	if (pthread_create(&q->thread, NULL, writer_main, w) != 0) {
		w->writer = NULL;
		free(q);
		return -1;
	}
	return 0;
}

/* Free a list of chunks. */
static void free_chunks(struct chunk *c)
{
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
}

void nts_writer_stop(struct nts_db *w)
{
	struct nts_writer *q = w->writer;

	if (!q)
		return;
	nts_writer_sync(w);
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	free_chunks(q->spare);
	free_chunks(q->cur);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->room);
	free(q);
	w->writer = NULL;
}
