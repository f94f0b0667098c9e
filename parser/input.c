/*
 * input.c - file / stdin / gzip byte source (see input.h).
 *
 * Plain input: read(2) into one buffer, handed to the caller as it is.
 *
 * gzip: an inflate engine (ISA-L's isal_inflate, or zlib's inflate) turns
 * raw chunks into decoded chunks of IN_CHUNK bytes.  The first chunk is
 * decoded on the caller's thread (so every allocation, zlib's window
 * included, happens there); the rest on an inflate thread that fills a ring
 * of IN_RING buffers ahead of the caller, so decompression overlaps parsing.
 * The caller owns one buffer at a time, from one read to the next.  An error
 * found by the inflate thread travels in the ring in order: the caller sees
 * every byte decoded before it, then the error.
 */
#include "input.h"
#include "x12_internal.h"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#if REMEDI_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#define IN_CHUNK (256u * 1024u)
#define IN_RING 4

enum engine { ENG_ZLIB, ENG_ISAL };

/* One decoded chunk in the ring. */
struct slot {
	char *buf;               /* IN_CHUNK */
	size_t len;
	bool final;              /* the last chunk: no bytes follow */
	enum x12_status st;      /* X12_OK, or X12_ERROR with err */
	struct x12_error err;
	uint64_t raw_bytes;      /* compressed bytes read when the chunk was complete */
};

struct x12_input {
	int fd;
	bool own_fd;
	bool gzip;
	bool eof;       /* read(2) returned 0 */
	bool done;      /* final chunk (or an error) handed out */
	uint64_t raw_bytes;  /* read by the filling side; the caller sees slot copies */
	uint64_t raw_size;   /* of a regular file, else 0 */
	uint64_t decoded;    /* bytes handed out so far */
	unsigned char *raw;  /* IN_CHUNK */
	size_t raw_len;      /* plain: bytes read while sniffing, not yet handed out */
	struct x12_alloc alloc;

	/* gzip */
	enum engine engine;
	bool member_end;     /* the engine finished a gzip member */
	bool z_live;         /* inflateInit2 ran */
	z_stream z;
#if REMEDI_HAVE_ISAL
	struct inflate_state *isal;
#endif
	uint64_t filled;     /* decoded bytes produced by the filling side */
	bool fill_done;      /* the filling side produced its final or error slot */

	/* the ring; fields below mu are shared with the inflate thread */
	struct slot ring[IN_RING];
	unsigned head;       /* next slot the caller takes */
	unsigned tail;       /* next slot the filling side fills */
	unsigned count;      /* filled slots not yet taken */
	bool held;           /* the caller holds ring[(head + IN_RING - 1) % IN_RING] */
	bool thread_live;
	bool stop;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool sync_live;      /* mu and cv initialised */
	bool err_pending;    /* the bytes of an error slot went out; its error comes next */
	struct x12_error pending;
};

static void io_err(struct x12_error *err, enum x12_code code, uint64_t offset, const char *fmt, ...)
	X12_PRINTF(4, 5);

static void
io_err(struct x12_error *err, enum x12_code code, uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	memset(err, 0, sizeof *err);
	err->code = code;
	err->pos.offset = offset;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

/* zlib allocates through the input's allocator too (on the caller's thread: see fill_first) */
static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
	return x12_mem_calloc(opaque, items, size);
}

static void
z_free(voidpf opaque, voidpf p)
{
	x12_mem_free(opaque, p);
}

static ssize_t
read_some(struct x12_input *in, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(in->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		in->raw_bytes += (uint64_t)n;
	if (n == 0)
		in->eof = true;
	return n;
}

/* ---------------------------------------------------------------- engines */

static const char *
engine_name(enum engine e)
{
	return e == ENG_ISAL ? "ISA-L" : "zlib";
}

/* REMEDI_INFLATE=zlib|isal|auto; ISA-L when built with it and not refused. */
static enum engine
choose_engine(void)
{
	const char *want = getenv("REMEDI_INFLATE");

	if (want && strcmp(want, "zlib") == 0)
		return ENG_ZLIB;
	return REMEDI_HAVE_ISAL ? ENG_ISAL : ENG_ZLIB;
}

static bool
engine_start(struct x12_input *in)
{
#if REMEDI_HAVE_ISAL
	if (in->engine == ENG_ISAL) {
		in->isal = x12_mem_alloc(&in->alloc, sizeof *in->isal);
		if (!in->isal)
			return false;
		isal_inflate_init(in->isal);
		in->isal->crc_flag = ISAL_GZIP;
		in->isal->next_in = in->raw;
		in->isal->avail_in = (uint32_t)in->raw_len;
		return true;
	}
#endif
	in->z.zalloc = z_alloc;
	in->z.zfree = z_free;
	in->z.opaque = &in->alloc;
	if (inflateInit2(&in->z, 15 + 16) != Z_OK)
		return false;
	in->z_live = true;
	in->z.next_in = in->raw;
	in->z.avail_in = (uInt)in->raw_len;
	return true;
}

static void
engine_end(struct x12_input *in)
{
	if (in->z_live)
		inflateEnd(&in->z);
	in->z_live = false;
#if REMEDI_HAVE_ISAL
	x12_mem_free(&in->alloc, in->isal);
	in->isal = NULL;
#endif
}

static size_t
engine_avail_in(const struct x12_input *in)
{
#if REMEDI_HAVE_ISAL
	if (in->engine == ENG_ISAL)
		return in->isal->avail_in;
#endif
	return in->z.avail_in;
}

static void
engine_set_in(struct x12_input *in, size_t n)
{
#if REMEDI_HAVE_ISAL
	if (in->engine == ENG_ISAL) {
		in->isal->next_in = in->raw;
		in->isal->avail_in = (uint32_t)n;
		return;
	}
#endif
	in->z.next_in = in->raw;
	in->z.avail_in = (uInt)n;
}

/*
 * Inflates from the pending input into out[*len..cap): X12_OK (progress or
 * a member's end), X12_ERROR with err on corrupt data.
 */
static enum x12_status
engine_step(struct x12_input *in, char *out, size_t cap, size_t *len, struct x12_error *err)
{
	const char *why = NULL;

	if (in->member_end) {
		/* another gzip member follows */
#if REMEDI_HAVE_ISAL
		if (in->engine == ENG_ISAL) {
			uint8_t *next = in->isal->next_in;
			uint32_t avail = in->isal->avail_in;

			isal_inflate_reset(in->isal);
			in->isal->crc_flag = ISAL_GZIP;
			in->isal->next_in = next;
			in->isal->avail_in = avail;
		}
#endif
		if (in->engine == ENG_ZLIB && inflateReset(&in->z) != Z_OK) {
			io_err(err, X12_E_IO, in->filled + *len, "gzip: cannot reset the decoder");
			return X12_ERROR;
		}
		in->member_end = false;
	}
#if REMEDI_HAVE_ISAL
	if (in->engine == ENG_ISAL) {
		struct inflate_state *s = in->isal;
		int rc;

		s->next_out = (uint8_t *)out + *len;
		s->avail_out = (uint32_t)(cap - *len);
		rc = isal_inflate(s);
		*len = cap - s->avail_out;
		if (rc == ISAL_DECOMP_OK || rc == ISAL_END_INPUT || rc == ISAL_OUT_OVERFLOW) {
			if (s->block_state == ISAL_BLOCK_FINISH)
				in->member_end = true;
			return X12_OK;
		}
		why = rc == ISAL_INCORRECT_CHECKSUM ? "incorrect data check"
		      : rc == ISAL_INVALID_WRAPPER  ? "incorrect header"
		      : rc == ISAL_UNSUPPORTED_METHOD ? "unknown compression method"
		      : rc == ISAL_INVALID_LOOKBACK ? "invalid distance too far back"
		      : rc == ISAL_INVALID_SYMBOL   ? "invalid code"
						    : "invalid block";
	} else
#endif
	{
		int rc;

		in->z.next_out = (unsigned char *)out + *len;
		in->z.avail_out = (uInt)(cap - *len);
		rc = inflate(&in->z, Z_NO_FLUSH);
		*len = cap - in->z.avail_out;
		if (rc == Z_STREAM_END)
			in->member_end = true;
		if (rc == Z_OK || rc == Z_STREAM_END || (rc == Z_BUF_ERROR && in->z.avail_in == 0))
			return X12_OK;
		why = in->z.msg ? in->z.msg : "inflate failed";
	}
	io_err(err, X12_E_IO, in->filled + *len, "gzip data is corrupt at compressed byte %llu: %s (%s)",
	       (unsigned long long)(in->raw_bytes - engine_avail_in(in)), why, engine_name(in->engine));
	return X12_ERROR;
}

/*
 * Fills one slot: as many decoded bytes as fit, reading raw input as
 * needed.  Sets final at the end of the last member, or an error.
 */
static void
fill_slot(struct x12_input *in, struct slot *sl)
{
	sl->len = 0;
	sl->final = false;
	sl->st = X12_OK;
	while (sl->len < IN_CHUNK) {
		size_t before = sl->len, avail;

		if (engine_avail_in(in) == 0) {
			ssize_t n;

			if (in->eof)
				break;
			n = read_some(in, in->raw, IN_CHUNK);
			if (n < 0) {
				io_err(&sl->err, X12_E_IO, in->filled + sl->len, "read error: %s", strerror(errno));
				sl->st = X12_ERROR;
				break;
			}
			if (n == 0)
				break;
			engine_set_in(in, (size_t)n);
		}
		avail = engine_avail_in(in);
		if (engine_step(in, sl->buf, IN_CHUNK, &sl->len, &sl->err) != X12_OK) {
			sl->st = X12_ERROR;
			break;
		}
		if (sl->len == before && engine_avail_in(in) == avail && avail && !in->member_end) {
			/* neither output nor input taken with input pending: the engine is stuck */
			io_err(&sl->err, X12_E_IO, in->filled + sl->len,
			       "gzip data is corrupt at compressed byte %llu: no progress (%s)",
			       (unsigned long long)(in->raw_bytes - avail), engine_name(in->engine));
			sl->st = X12_ERROR;
			break;
		}
	}
	if (sl->st == X12_OK && sl->len < IN_CHUNK && in->eof && engine_avail_in(in) == 0) {
		if (!in->member_end) {
			io_err(&sl->err, X12_E_IO, in->filled + sl->len,
			       "gzip data is truncated (no end of stream after %llu compressed bytes)",
			       (unsigned long long)in->raw_bytes);
			sl->st = X12_ERROR;
		} else {
			sl->final = true;
		}
	}
	sl->raw_bytes = in->raw_bytes;
	in->filled += sl->len;
	if (sl->st != X12_OK || sl->final)
		in->fill_done = true;
}

/* ---------------------------------------------------------------- the inflate thread */

static void *
inflate_thread(void *arg)
{
	struct x12_input *in = arg;

	pthread_mutex_lock(&in->mu);
	for (;;) {
		struct slot *sl;

		/* a free slot: not filled and not held by the caller */
		while (!in->stop && in->count + (in->held ? 1u : 0u) >= IN_RING)
			pthread_cond_wait(&in->cv, &in->mu);
		if (in->stop)
			break;
		sl = &in->ring[in->tail];
		pthread_mutex_unlock(&in->mu);
		fill_slot(in, sl);
		pthread_mutex_lock(&in->mu);
		in->tail = (in->tail + 1) % IN_RING;
		in->count++;
		pthread_cond_broadcast(&in->cv);
		if (in->fill_done)
			break;
	}
	pthread_mutex_unlock(&in->mu);
	return NULL;
}

/* The caller's first gzip read: one slot filled here, then the thread takes over. */
static void
fill_first(struct x12_input *in)
{
	fill_slot(in, &in->ring[0]);
	in->tail = 1;
	in->count = 1;
	if (in->fill_done)
		return;
	if (pthread_mutex_init(&in->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&in->cv, NULL) != 0) {
		pthread_mutex_destroy(&in->mu);
		return;
	}
	in->sync_live = true;
	/* without a thread (none to be had) the caller fills each slot itself */
	in->thread_live = pthread_create(&in->thread, NULL, inflate_thread, in) == 0;
}

static void
stop_thread(struct x12_input *in)
{
	if (in->thread_live) {
		pthread_mutex_lock(&in->mu);
		in->stop = true;
		pthread_cond_broadcast(&in->cv);
		pthread_mutex_unlock(&in->mu);
		pthread_join(in->thread, NULL);
		in->thread_live = false;
	}
	if (in->sync_live) {
		pthread_cond_destroy(&in->cv);
		pthread_mutex_destroy(&in->mu);
		in->sync_live = false;
	}
}

/* ---------------------------------------------------------------- open / close */

enum x12_status
x12_input_open(const char *path, const struct x12_alloc *alloc, struct x12_input **out, struct x12_error *err)
{
	struct x12_alloc a;
	struct x12_input *in;
	ssize_t n;

	*out = NULL;
	x12_alloc_init(&a, alloc);
	in = x12_mem_calloc(&a, 1, sizeof *in);
	if (!in) {
		io_err(err, X12_E_NOMEM, 0, "out of memory");
		return X12_ERROR;
	}
	in->alloc = a;
	in->fd = -1;
	in->raw = x12_mem_alloc(&a, IN_CHUNK);
	if (!in->raw) {
		io_err(err, X12_E_NOMEM, 0, "out of memory");
		x12_input_close(in);
		return X12_ERROR;
	}
	if (strcmp(path, "-") == 0) {
		in->fd = 0;
	} else {
		struct stat st;

		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			io_err(err, X12_E_IO, 0, "cannot open: %s", strerror(errno));
			x12_input_close(in);
			return X12_ERROR;
		}
		in->own_fd = true;
		if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode))
			in->raw_size = (uint64_t)st.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
		(void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	/* sniff the magic: read until 2 bytes or EOF */
	while (in->raw_len < 2 && !in->eof) {
		n = read_some(in, in->raw + in->raw_len, IN_CHUNK - in->raw_len);
		if (n < 0) {
			io_err(err, X12_E_IO, 0, "read error: %s", strerror(errno));
			x12_input_close(in);
			return X12_ERROR;
		}
		in->raw_len += (size_t)n;
	}
	if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->gzip = true;
		in->engine = choose_engine();
		for (unsigned i = 0; i < IN_RING; i++) {
			in->ring[i].buf = x12_mem_alloc(&a, IN_CHUNK);
			if (!in->ring[i].buf) {
				io_err(err, X12_E_NOMEM, 0, "cannot start the gzip decoder: out of memory");
				x12_input_close(in);
				return X12_ERROR;
			}
		}
		if (!engine_start(in)) {
			io_err(err, X12_E_NOMEM, 0, "cannot start the gzip decoder: out of memory");
			x12_input_close(in);
			return X12_ERROR;
		}
		in->raw_len = 0;
	}
	*out = in;
	return X12_OK;
}

void
x12_input_close(struct x12_input *in)
{
	if (!in)
		return;
	stop_thread(in);
	engine_end(in);
	if (in->own_fd)
		close(in->fd);
	for (unsigned i = 0; i < IN_RING; i++)
		x12_mem_free(&in->alloc, in->ring[i].buf);
	x12_mem_free(&in->alloc, in->raw);
	x12_mem_free(&in->alloc, in);
}

bool
x12_input_is_gzip(const struct x12_input *in)
{
	return in->gzip;
}

const char *
x12_input_inflate_name(const struct x12_input *in)
{
	return in->gzip ? engine_name(in->engine) : NULL;
}

uint64_t
x12_input_raw_size(const struct x12_input *in)
{
	return in->raw_size;
}

uint64_t
x12_input_raw_bytes(const struct x12_input *in)
{
	/* gzip: as of the chunk last handed out (the inflate thread reads ahead) */
	if (in->gzip)
		return in->held ? in->ring[(in->head + IN_RING - 1) % IN_RING].raw_bytes : 0;
	return in->raw_bytes;
}

/* ---------------------------------------------------------------- read */

static enum x12_status
read_plain(struct x12_input *in, const char **buf, size_t *len, bool *is_final, struct x12_error *err)
{
	ssize_t n;

	if (in->raw_len) {
		/* bytes read while sniffing */
		*buf = (const char *)in->raw;
		*len = in->raw_len;
		in->raw_len = 0;
		*is_final = false;
		return X12_OK;
	}
	if (in->eof) {
		*buf = (const char *)in->raw;
		*len = 0;
		*is_final = true;
		in->done = true;
		return X12_OK;
	}
	n = read_some(in, in->raw, IN_CHUNK);
	if (n < 0) {
		io_err(err, X12_E_IO, in->decoded, "read error: %s", strerror(errno));
		return X12_ERROR;
	}
	*buf = (const char *)in->raw;
	*len = (size_t)n;
	*is_final = n == 0;
	in->done = *is_final;
	return X12_OK;
}

static enum x12_status
read_gzip(struct x12_input *in, const char **buf, size_t *len, bool *is_final, struct x12_error *err)
{
	struct slot *sl;

	if (in->err_pending) {
		*err = in->pending;
		in->done = true;
		return X12_ERROR;
	}
	if (in->decoded == 0 && !in->held && in->count == 0 && !in->fill_done) {
		fill_first(in);
	} else if (in->thread_live) {
		pthread_mutex_lock(&in->mu);
		in->held = false; /* the previous chunk goes back to the ring */
		pthread_cond_broadcast(&in->cv);
		while (in->count == 0)
			pthread_cond_wait(&in->cv, &in->mu);
		pthread_mutex_unlock(&in->mu);
	} else {
		in->held = false;
		if (in->count == 0) {
			/* no thread: fill the next slot here */
			fill_slot(in, &in->ring[in->tail]);
			in->tail = (in->tail + 1) % IN_RING;
			in->count++;
		}
	}
	if (in->thread_live)
		pthread_mutex_lock(&in->mu);
	sl = &in->ring[in->head];
	in->head = (in->head + 1) % IN_RING;
	in->count--;
	in->held = true;
	if (in->thread_live)
		pthread_mutex_unlock(&in->mu);
	if (sl->st != X12_OK && sl->len) {
		/* first the bytes decoded before the error, then the error */
		in->pending = sl->err;
		in->err_pending = true;
	} else if (sl->st != X12_OK) {
		*err = sl->err;
		in->done = true;
		return X12_ERROR;
	}
	*buf = sl->buf;
	*len = sl->len;
	*is_final = sl->final;
	if (sl->final)
		in->done = true;
	return X12_OK;
}

enum x12_status
x12_input_read(struct x12_input *in, const char **buf, size_t *len, bool *is_final, struct x12_error *err)
{
	enum x12_status st;

	if (in->done)
		return X12_DONE;
	st = in->gzip ? read_gzip(in, buf, len, is_final, err) : read_plain(in, buf, len, is_final, err);
	if (st == X12_OK)
		in->decoded += *len;
	return st;
}
