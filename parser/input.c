/*
 * input.c - file / stdin / gzip byte source (see input.h).
 *
 * Plain input: read(2) into one buffer.  gzip: read(2) into the raw buffer,
 * inflate into the out buffer, hand the out buffer to the caller; repeat.
 */
#include "input.h"
#include "x12_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IN_CHUNK (256u * 1024u)

struct x12_input {
	int fd;
	bool own_fd;
	bool gzip;
	bool eof;       /* read(2) returned 0 */
	bool done;      /* final chunk handed out */
	bool z_live;    /* inflateInit2 ran */
	bool z_member_end; /* last inflate hit Z_STREAM_END */
	uint64_t raw_bytes;
	uint64_t raw_size;   /* of a regular file, else 0 */
	z_stream z;
	unsigned char *raw;  /* IN_CHUNK */
	size_t raw_len;      /* bytes in raw not yet consumed (plain: pending start bytes) */
	char *out;           /* IN_CHUNK (gzip only) */
	uint64_t decoded;    /* bytes handed out so far */
	struct x12_alloc alloc;
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

/* zlib allocates through the input's allocator too */
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
	in->raw = x12_mem_alloc(&a, IN_CHUNK);
	if (!in->raw) {
		io_err(err, X12_E_NOMEM, 0, "out of memory");
		x12_mem_free(&a, in);
		return X12_ERROR;
	}
	if (strcmp(path, "-") == 0) {
		in->fd = 0;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			io_err(err, X12_E_IO, 0, "cannot open: %s", strerror(errno));
			x12_mem_free(&a, in->raw);
			x12_mem_free(&a, in);
			return X12_ERROR;
		}
		in->own_fd = true;
		{
			struct stat st;

			if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode))
				in->raw_size = (uint64_t)st.st_size;
		}
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
		in->out = x12_mem_alloc(&a, IN_CHUNK);
		in->z.zalloc = z_alloc;
		in->z.zfree = z_free;
		in->z.opaque = &in->alloc;
		if (!in->out || inflateInit2(&in->z, 15 + 16) != Z_OK) {
			io_err(err, X12_E_NOMEM, 0, "cannot start the gzip decoder: out of memory");
			x12_input_close(in);
			return X12_ERROR;
		}
		in->z_live = true;
		in->z.next_in = in->raw;
		in->z.avail_in = (uInt)in->raw_len;
	}
	*out = in;
	return X12_OK;
}

void
x12_input_close(struct x12_input *in)
{
	if (!in)
		return;
	if (in->z_live)
		inflateEnd(&in->z);
	if (in->own_fd)
		close(in->fd);
	x12_mem_free(&in->alloc, in->raw);
	x12_mem_free(&in->alloc, in->out);
	x12_mem_free(&in->alloc, in);
}

bool
x12_input_is_gzip(const struct x12_input *in)
{
	return in->gzip;
}

uint64_t
x12_input_raw_size(const struct x12_input *in)
{
	return in->raw_size;
}

uint64_t
x12_input_raw_bytes(const struct x12_input *in)
{
	return in->raw_bytes;
}

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
	in->z.next_out = (unsigned char *)in->out;
	in->z.avail_out = IN_CHUNK;
	while (in->z.avail_out == IN_CHUNK) {
		int rc;

		if (in->z.avail_in == 0) {
			ssize_t n;

			if (in->eof)
				break;
			n = read_some(in, in->raw, IN_CHUNK);
			if (n < 0) {
				io_err(err, X12_E_IO, in->decoded, "read error: %s", strerror(errno));
				return X12_ERROR;
			}
			if (n == 0)
				break;
			in->z.next_in = in->raw;
			in->z.avail_in = (uInt)n;
		}
		if (in->z_member_end) {
			/* another gzip member follows */
			if (inflateReset(&in->z) != Z_OK) {
				io_err(err, X12_E_IO, in->decoded, "gzip: cannot reset the decoder");
				return X12_ERROR;
			}
			in->z_member_end = false;
		}
		rc = inflate(&in->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			in->z_member_end = true;
		} else if (rc == Z_BUF_ERROR && in->z.avail_in == 0) {
			continue; /* needs more input */
		} else if (rc != Z_OK) {
			io_err(err, X12_E_IO, in->decoded, "gzip data is corrupt at compressed byte %llu: %s",
				 (unsigned long long)(in->raw_bytes - in->z.avail_in),
				 in->z.msg ? in->z.msg : "inflate failed");
			return X12_ERROR;
		}
	}
	*buf = in->out;
	*len = IN_CHUNK - in->z.avail_out;
	if (*len == 0 && in->eof && in->z.avail_in == 0) {
		if (!in->z_member_end) {
			io_err(err, X12_E_IO, in->decoded,
			       "gzip data is truncated (no end of stream after %llu compressed bytes)",
			       (unsigned long long)in->raw_bytes);
			return X12_ERROR;
		}
		*is_final = true;
		in->done = true;
		return X12_OK;
	}
	*is_final = false;
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
