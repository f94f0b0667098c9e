/*
 * test-input.c - x12_input: plain files, gzip (one member, several members,
 * empty, incompressible), standard input, and the errors (missing file,
 * truncated or corrupt gzip).  The decoded bytes must equal the original.
 *
 * Files are written into a fresh directory under $TMPDIR (or /tmp) and
 * removed at the end; gzip files are written with zlib's gzopen/gzwrite.
 */
#include "harness.h"
#include "input.h"
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static char dir[512];

struct blob {
	char *p;
	size_t len, cap;
};

static void
blob_add(struct blob *b, const void *data, size_t len)
{
	if (!b->p || b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

static const char *
tmp_path(const char *name)
{
	static char path[600];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static bool
write_plain(const char *name, const struct blob *b)
{
	FILE *f = fopen(tmp_path(name), "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(b->p, 1, b->len, f) == b->len;
	return fclose(f) == 0 && ok;
}

/* Writes b as one gzip member; mode "wb" starts the file, "ab" appends a member. */
static bool
write_gzip(const char *name, const struct blob *b, const char *mode)
{
	gzFile g = gzopen(tmp_path(name), mode);
	size_t done = 0;

	if (!g)
		return false;
	while (done < b->len) {
		unsigned n = b->len - done > (1u << 20) ? 1u << 20 : (unsigned)(b->len - done);

		if (gzwrite(g, b->p + done, n) != (int)n) {
			gzclose(g);
			return false;
		}
		done += n;
	}
	return gzclose(g) == Z_OK;
}

static long long
file_size(const char *name)
{
	struct stat sb;

	return stat(tmp_path(name), &sb) == 0 ? (long long)sb.st_size : -1;
}

/*
 * Reads a whole input.  Returns 0 and the bytes in *out, or -1 with the
 * error message in err (and the bytes read before it in *out).
 */
static int
read_all(const char *path, struct blob *out, bool *gzip, uint64_t *raw, char *err, size_t errlen)
{
	struct x12_input *in;
	struct x12_error e;
	const char *buf;
	size_t len;
	bool final = false, seen_final = false;
	enum x12_status rc;

	memset(out, 0, sizeof *out);
	blob_add(out, "", 0);
	err[0] = '\0';
	if (x12_input_open(path, NULL, &in, &e) != X12_OK) {
		CHECK(e.code == X12_E_IO);
		snprintf(err, errlen, "%s", e.msg);
		return -1;
	}
	while ((rc = x12_input_read(in, &buf, &len, &final, &e)) == X12_OK) {
		CHECK(!seen_final); /* nothing after the final chunk */
		blob_add(out, buf, len);
		seen_final = final;
	}
	if (rc == X12_DONE) {
		CHECK(seen_final);
		/* and it stays at the end */
		CHECK_INT_EQ(x12_input_read(in, &buf, &len, &final, &e), X12_DONE);
	} else {
		CHECK(e.code == X12_E_IO);
		/* the offset is where the decoded bytes stopped */
		CHECK_INT_EQ(e.pos.offset, out->len);
		snprintf(err, errlen, "%s", e.msg);
	}
	if (gzip)
		*gzip = x12_input_is_gzip(in);
	if (raw)
		*raw = x12_input_raw_bytes(in);
	x12_input_close(in);
	return rc == X12_DONE ? 0 : -1;
}

/* About size bytes of X12-looking text (deterministic). */
static struct blob
make_text(size_t size)
{
	struct blob b = { 0 };
	unsigned long n = 0;

	blob_add(&b, "", 0);
	while (b.len < size) {
		char seg[96];
		int k = snprintf(seg, sizeof seg, "SV1*HC:J9271:JW*%lu.00*UN*%lu***1:2~\n", 1000 + n % 977, n % 13 + 1);

		blob_add(&b, seg, (size_t)k);
		n++;
	}
	return b;
}

/* size pseudo-random bytes: gzip cannot shrink them, so reads span many raw chunks. */
static struct blob
make_noise(size_t size)
{
	struct blob b = { 0 };
	uint32_t x = 2463534242u;

	b.p = malloc(size + 1);
	if (!b.p)
		abort();
	for (size_t i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b.p[i] = (char)(x & 0xff);
	}
	b.len = size;
	return b;
}

static void
check_same(const struct blob *got, const struct blob *want)
{
	CHECK_INT_EQ(got->len, want->len);
	CHECK(got->len == want->len && memcmp(got->p, want->p, want->len) == 0);
}

static void
test_plain(void)
{
	struct blob text = make_text(700 * 1024), got, empty = { 0 };
	char err[256];
	bool gz = true;
	uint64_t raw = 0;

	harness_context("plain file of 700 KiB");
	CHECK(write_plain("plain.x12", &text));
	CHECK_INT_EQ(read_all(tmp_path("plain.x12"), &got, &gz, &raw, err, sizeof err), 0);
	check_same(&got, &text);
	CHECK(!gz);
	CHECK_INT_EQ(raw, text.len);
	free(got.p);

	harness_context("empty plain file");
	blob_add(&empty, "", 0);
	CHECK(write_plain("empty.x12", &empty));
	CHECK_INT_EQ(read_all(tmp_path("empty.x12"), &got, &gz, &raw, err, sizeof err), 0);
	CHECK_INT_EQ(got.len, 0);
	CHECK(!gz);
	free(got.p);

	harness_context("one-byte file starting like gzip");
	{
		struct blob one = { 0 };

		blob_add(&one, "\x1f", 1);
		CHECK(write_plain("one.x12", &one));
		CHECK_INT_EQ(read_all(tmp_path("one.x12"), &got, &gz, &raw, err, sizeof err), 0);
		check_same(&got, &one);
		CHECK(!gz);
		free(got.p);
		free(one.p);
	}
	free(empty.p);
	free(text.p);
}

static void
test_gzip(void)
{
	struct blob text = make_text(700 * 1024), noise = make_noise(600 * 1024), both = { 0 }, got,
		    empty = { 0 };
	char err[256];
	bool gz = false;
	uint64_t raw = 0;

	harness_context("gzip file (one member)");
	CHECK(write_gzip("one.x12.gz", &text, "wb"));
	CHECK_INT_EQ(read_all(tmp_path("one.x12.gz"), &got, &gz, &raw, err, sizeof err), 0);
	check_same(&got, &text);
	CHECK(gz);
	CHECK_INT_EQ(raw, file_size("one.x12.gz"));
	free(got.p);

	harness_context("gzip detected by content, not by name");
	CHECK(write_gzip("noext", &text, "wb"));
	CHECK_INT_EQ(read_all(tmp_path("noext"), &got, &gz, &raw, err, sizeof err), 0);
	check_same(&got, &text);
	CHECK(gz);
	free(got.p);

	harness_context("gzip of incompressible bytes (many raw reads)");
	CHECK(write_gzip("noise.gz", &noise, "wb"));
	CHECK_INT_EQ(read_all(tmp_path("noise.gz"), &got, &gz, &raw, err, sizeof err), 0);
	check_same(&got, &noise);
	CHECK_INT_EQ(raw, file_size("noise.gz"));
	free(got.p);

	harness_context("two concatenated gzip members");
	CHECK(write_gzip("two.gz", &text, "wb"));
	CHECK(write_gzip("two.gz", &noise, "ab"));
	blob_add(&both, text.p, text.len);
	blob_add(&both, noise.p, noise.len);
	CHECK_INT_EQ(read_all(tmp_path("two.gz"), &got, &gz, &raw, err, sizeof err), 0);
	check_same(&got, &both);
	CHECK(gz);
	free(got.p);

	harness_context("three small members, one of them empty");
	{
		struct blob a = { 0 }, b = { 0 }, ab = { 0 };

		blob_add(&a, "ISA*00*", 7);
		blob_add(&b, "IEA*1*000000001~\n", 17);
		blob_add(&empty, "", 0);
		CHECK(write_gzip("small.gz", &a, "wb"));
		CHECK(write_gzip("small.gz", &empty, "ab"));
		CHECK(write_gzip("small.gz", &b, "ab"));
		blob_add(&ab, a.p, a.len);
		blob_add(&ab, b.p, b.len);
		CHECK_INT_EQ(read_all(tmp_path("small.gz"), &got, &gz, &raw, err, sizeof err), 0);
		check_same(&got, &ab);
		free(got.p);
		free(a.p);
		free(b.p);
		free(ab.p);
	}

	harness_context("gzip of an empty file");
	CHECK(write_gzip("empty.gz", &empty, "wb"));
	CHECK_INT_EQ(read_all(tmp_path("empty.gz"), &got, &gz, &raw, err, sizeof err), 0);
	CHECK_INT_EQ(got.len, 0);
	CHECK(gz);
	free(got.p);

	free(empty.p);
	free(both.p);
	free(noise.p);
	free(text.p);
}

static void
test_errors(void)
{
	struct blob text = make_text(300 * 1024), got, gzdata = { 0 }, cut = { 0 };
	char err[256];
	FILE *f;
	long long size;

	harness_context("a missing file");
	{
		struct x12_input *in = NULL;
		struct x12_error e;

		CHECK(x12_input_open(tmp_path("does-not-exist"), NULL, &in, &e) == X12_ERROR);
		CHECK(in == NULL && e.code == X12_E_IO && e.msg[0] != '\0');
	}

	harness_context("a directory");
	CHECK_INT_EQ(read_all(dir, &got, NULL, NULL, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	free(got.p);

	/* read a gzip file back as bytes, to cut and damage it */
	CHECK(write_gzip("whole.gz", &text, "wb"));
	size = file_size("whole.gz");
	f = fopen(tmp_path("whole.gz"), "rb");
	if (!CHECK(f != NULL && size > 100))
		return;
	gzdata.p = malloc((size_t)size);
	gzdata.len = gzdata.p ? fread(gzdata.p, 1, (size_t)size, f) : 0;
	fclose(f);
	CHECK_INT_EQ(gzdata.len, size);

	harness_context("truncated gzip (half the file)");
	blob_add(&cut, gzdata.p, gzdata.len / 2);
	CHECK(write_plain("half.gz", &cut));
	CHECK_INT_EQ(read_all(tmp_path("half.gz"), &got, NULL, NULL, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	/* what came out before the error is a prefix of the original */
	CHECK(got.len <= text.len && memcmp(got.p, text.p, got.len) == 0);
	free(got.p);

	harness_context("truncated gzip (trailer cut: last 4 bytes missing)");
	cut.len = 0;
	blob_add(&cut, gzdata.p, gzdata.len - 4);
	CHECK(write_plain("notrailer.gz", &cut));
	CHECK_INT_EQ(read_all(tmp_path("notrailer.gz"), &got, NULL, NULL, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	free(got.p);

	harness_context("gzip header only");
	cut.len = 0;
	blob_add(&cut, gzdata.p, 10);
	CHECK(write_plain("header.gz", &cut));
	CHECK_INT_EQ(read_all(tmp_path("header.gz"), &got, NULL, NULL, err, sizeof err), -1);
	free(got.p);

	harness_context("corrupt gzip data");
	cut.len = 0;
	blob_add(&cut, gzdata.p, gzdata.len);
	for (size_t i = 20; i < 60; i++)
		cut.p[i] = (char)(cut.p[i] ^ 0x5a);
	CHECK(write_plain("corrupt.gz", &cut));
	CHECK_INT_EQ(read_all(tmp_path("corrupt.gz"), &got, NULL, NULL, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	free(got.p);

	free(cut.p);
	free(gzdata.p);
	free(text.p);
}

/* "-" reads standard input, plain or gzip. */
static void
test_stdin(void)
{
	struct blob text = make_text(400 * 1024), got;
	char err[256];
	int saved = dup(0); /* -1 when the test runs without standard input */
	bool gz = false;

	for (int round = 0; round < 2; round++) {
		const char *name = round ? "stdin.gz" : "stdin.x12";
		int fd;

		harness_context("standard input (%s)", round ? "gzip" : "plain");
		CHECK(round ? write_gzip(name, &text, "wb") : write_plain(name, &text));
		fd = open(tmp_path(name), O_RDONLY);
		if (!CHECK(fd >= 0) || !CHECK(dup2(fd, 0) == 0))
			break;
		close(fd);
		CHECK_INT_EQ(read_all("-", &got, &gz, NULL, err, sizeof err), 0);
		check_same(&got, &text);
		CHECK_INT_EQ(gz, round == 1);
		free(got.p);
	}
	if (saved >= 0) {
		dup2(saved, 0);
		close(saved);
	} else {
		close(0);
	}
	free(text.p);
}

static void
cleanup(void)
{
	static const char *const names[] = {
		"plain.x12", "empty.x12", "one.x12", "one.x12.gz", "noext", "noise.gz", "two.gz", "small.gz",
		"empty.gz", "whole.gz", "half.gz", "notrailer.gz", "header.gz", "corrupt.gz", "stdin.x12",
		"stdin.gz",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(tmp_path(names[i]));
	rmdir(dir);
}

/* A large file through the ring (many chunks), members cut at odd places, trailing junk, early close. */
static void
test_ring(const char *engine)
{
	struct blob big = make_text(5u * 1024 * 1024 + 12345), got, part = { 0 }, gzdata = { 0 };
	struct x12_input *in;
	struct x12_error e;
	const char *buf, *name;
	size_t len;
	bool final;
	char err[256];

	harness_context("%s: 5 MB in one member (twenty chunks through the ring)", engine);
	CHECK(write_gzip("big.gz", &big, "wb"));
	CHECK_INT_EQ(read_all(tmp_path("big.gz"), &got, NULL, NULL, err, sizeof err), 0);
	check_same(&got, &big);
	free(got.p);

	harness_context("%s: the engine in use is the one asked for", engine);
	if (CHECK(x12_input_open(tmp_path("big.gz"), NULL, &in, &e) == X12_OK)) {
		name = x12_input_inflate_name(in);
		CHECK_STR_EQ(name, strcmp(engine, "isal") == 0 ? "ISA-L" : "zlib");
		/* closed after one chunk, with the inflate thread reading ahead: no hang, no leak */
		CHECK_INT_EQ(x12_input_read(in, &buf, &len, &final, &e), X12_OK);
		CHECK(len > 0 && !final);
		x12_input_close(in);
	}

	harness_context("%s: 37 members of uneven sizes", engine);
	for (size_t i = 0, off = 0; i < 37; i++) {
		size_t n = (i * 7919u + 1013u) % 300000u;

		if (off + n > big.len)
			n = big.len - off;
		part.len = 0;
		blob_add(&part, big.p + off, n);
		CHECK(write_gzip("big.gz", &part, i == 0 ? "wb" : "ab"));
		off += n;
		if (i == 36)
			big.len = off; /* what was written in all */
	}
	CHECK_INT_EQ(read_all(tmp_path("big.gz"), &got, NULL, NULL, err, sizeof err), 0);
	check_same(&got, &big);
	free(got.p);

	harness_context("%s: junk after the last member is an error, after every decoded byte", engine);
	{
		FILE *f = fopen(tmp_path("big.gz"), "ab");

		if (CHECK(f != NULL)) {
			fputs("not gzip at all", f);
			fclose(f);
		}
	}
	CHECK_INT_EQ(read_all(tmp_path("big.gz"), &got, NULL, NULL, err, sizeof err), -1);
	CHECK_INT_EQ(got.len, big.len);
	CHECK(strstr(err, "corrupt") != NULL);
	free(got.p);
	free(gzdata.p);
	free(part.p);
	free(big.p);
	unlink(tmp_path("big.gz"));
}

/* The gzip tests once per inflate engine built in. */
static void
each_engine(void)
{
	static const char *const engines[] = { "zlib", "isal" };

	for (size_t i = 0; i < sizeof engines / sizeof engines[0]; i++) {
		if (strcmp(engines[i], "isal") == 0 && !REMEDI_HAVE_ISAL) {
			printf("# ISA-L not built in: the isal engine is not tested\n");
			continue;
		}
		setenv("REMEDI_INFLATE", engines[i], 1);
		harness_context("engine %s", engines[i]);
		test_gzip();
		test_errors();
		test_stdin();
		test_ring(engines[i]);
	}
	unsetenv("REMEDI_INFLATE");
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/remedi-test-input-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_plain();
	each_engine();
	cleanup();
	return harness_exit();
}
