/*
 * input.c - file / stdin / gzip byte source (see input.h).
 *
 * Plain input: read(2) into one buffer.  gzip: read(2) into the raw buffer,
 * inflate into the out buffer, hand the out buffer to the caller; repeat.
 */
#include "input.h"

#include <errno.h>
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
};

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

struct x12_input *
x12_input_open(const char *path, char *err, size_t errlen)
{
	struct x12_input *in = calloc(1, sizeof *in);
	ssize_t n;

	if (!in) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	in->raw = malloc(IN_CHUNK);
	if (!in->raw) {
		snprintf(err, errlen, "out of memory");
		free(in);
		return NULL;
	}
	if (strcmp(path, "-") == 0) {
		in->fd = 0;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			snprintf(err, errlen, "cannot open: %s", strerror(errno));
			free(in->raw);
			free(in);
			return NULL;
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
			snprintf(err, errlen, "read error: %s", strerror(errno));
			x12_input_close(in);
			return NULL;
		}
		in->raw_len += (size_t)n;
	}
	if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->gzip = true;
		in->out = malloc(IN_CHUNK);
		if (!in->out || inflateInit2(&in->z, 15 + 16) != Z_OK) {
			snprintf(err, errlen, "cannot start the gzip decoder");
			x12_input_close(in);
			return NULL;
		}
		in->z_live = true;
		in->z.next_in = in->raw;
		in->z.avail_in = (uInt)in->raw_len;
	}
	return in;
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
	free(in->raw);
	free(in->out);
	free(in);
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

static int
read_plain(struct x12_input *in, const char **buf, size_t *len, bool *is_final, char *err, size_t errlen)
{
	ssize_t n;

	if (in->raw_len) {
		/* bytes read while sniffing */
		*buf = (const char *)in->raw;
		*len = in->raw_len;
		in->raw_len = 0;
		*is_final = false;
		return 1;
	}
	if (in->eof) {
		*buf = (const char *)in->raw;
		*len = 0;
		*is_final = true;
		in->done = true;
		return 1;
	}
	n = read_some(in, in->raw, IN_CHUNK);
	if (n < 0) {
		snprintf(err, errlen, "read error: %s", strerror(errno));
		return -1;
	}
	*buf = (const char *)in->raw;
	*len = (size_t)n;
	*is_final = n == 0;
	in->done = *is_final;
	return 1;
}

static int
read_gzip(struct x12_input *in, const char **buf, size_t *len, bool *is_final, char *err, size_t errlen)
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
				snprintf(err, errlen, "read error: %s", strerror(errno));
				return -1;
			}
			if (n == 0)
				break;
			in->z.next_in = in->raw;
			in->z.avail_in = (uInt)n;
		}
		if (in->z_member_end) {
			/* another gzip member follows */
			if (inflateReset(&in->z) != Z_OK) {
				snprintf(err, errlen, "gzip: cannot reset the decoder");
				return -1;
			}
			in->z_member_end = false;
		}
		rc = inflate(&in->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			in->z_member_end = true;
		} else if (rc == Z_BUF_ERROR && in->z.avail_in == 0) {
			continue; /* needs more input */
		} else if (rc != Z_OK) {
			snprintf(err, errlen, "gzip data is corrupt at compressed byte %llu: %s",
				 (unsigned long long)(in->raw_bytes - in->z.avail_in),
				 in->z.msg ? in->z.msg : "inflate failed");
			return -1;
		}
	}
	*buf = in->out;
	*len = IN_CHUNK - in->z.avail_out;
	if (*len == 0 && in->eof && in->z.avail_in == 0) {
		if (!in->z_member_end) {
			snprintf(err, errlen, "gzip data is truncated (no end of stream after %llu compressed bytes)",
				 (unsigned long long)in->raw_bytes);
			return -1;
		}
		*is_final = true;
		in->done = true;
		return 1;
	}
	*is_final = false;
	return 1;
}

int
x12_input_read(struct x12_input *in, const char **buf, size_t *len, bool *is_final, char *err, size_t errlen)
{
	if (in->done)
		return 0;
	return in->gzip ? read_gzip(in, buf, len, is_final, err, errlen)
			: read_plain(in, buf, len, is_final, err, errlen);
}
