/*
 * common.c - running one input through the reader and reporting.
 */
#include "common.h"
#include "input.h"
#include "fastio.h"

#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

/*
 * The input loop shared by the reader and the walker: read a chunk, feed it,
 * drain the events, until the end or a fatal error.
 */
union cli_cb {
	cli_event_fn event;
	cli_record_fn record;
};


struct pump {
	void (*feed)(void *obj, const char *buf, size_t len, bool final);
	/* drains events; returns the last status and sets *stop when the callback asked to */
	enum x12_status (*drain)(void *obj, const union cli_cb *cb, void *ctx, bool *stop);
	const struct x12_error *(*error)(const void *obj);
};

/*
 * A progress line on stderr for long jobs at a terminal: after the first
 * second, at most once a second, overwritten in place and cleared at the end.
 */
struct progress {
	bool on;
	bool shown;
	struct timespec start, last;
};

double
cli_seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
progress_tick(struct progress *pr, const char *path, const struct x12_input *in, uint64_t bytes)
{
	uint64_t size = x12_input_raw_size(in), raw = x12_input_raw_bytes(in);
	double total;

	if (!pr->on || cli_seconds_since(&pr->last) < 1.0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &pr->last);
	total = cli_seconds_since(&pr->start);
	if (size)
		fprintf(stderr, "\rremedi: %s: %3u%%, %llu MB read, %.0f MB/s   ", path,
			(unsigned)(raw * 100 / size), (unsigned long long)(bytes / 1000000), (double)bytes / 1e6 / total);
	else
		fprintf(stderr, "\rremedi: %s: %llu MB read, %.0f MB/s   ", path, (unsigned long long)(bytes / 1000000),
			(double)bytes / 1e6 / total);
	fflush(stderr); /* stderr is buffered (cli_diags_init) */
	pr->shown = true;
}

static void
progress_done(const struct progress *pr)
{
	if (pr->shown) {
		fprintf(stderr, "\r%60s\r", "");
		fflush(stderr);
	}
}

static _Thread_local struct cli_meter *pump_meter;

void
cli_meter_use(struct cli_meter *m)
{
	pump_meter = m;
}

static void
run_pump(const struct pump *p, void *obj, const char *path, const union cli_cb *cb, void *ctx,
	 cli_bytes_fn tap, void *tap_ctx, struct cli_file_result *res)
{
	struct cli_meter *m = pump_meter;
	struct progress pr = { .on = !m && isatty(STDERR_FILENO) == 1 };
	struct x12_input *in;
	const char *buf;
	size_t len;
	bool final = false, stop = false;

	if (x12_input_open(path, NULL, &in, &res->fatal_err) != X12_OK) {
		res->fatal = true;
		return;
	}
	while (!stop) {
		enum x12_status rc = x12_input_read(in, &buf, &len, &final, &res->fatal_err);
		enum x12_status st;

		if (rc == X12_ERROR) {
			res->fatal = true;
			break;
		}
		if (rc == X12_DONE)
			break;
		res->bytes += len;
		if (pr.on && !pr.shown && pr.start.tv_sec == 0) {
			clock_gettime(CLOCK_MONOTONIC, &pr.start);
			pr.last = pr.start;
		}
		progress_tick(&pr, path, in, res->bytes);
		if (m) {
			atomic_store_explicit(&m->bytes, res->bytes, memory_order_relaxed);
			atomic_store_explicit(&m->raw, x12_input_raw_bytes(in), memory_order_relaxed);
			if (m->tick)
				m->tick(m);
		}
		if (tap)
			tap(tap_ctx, buf, len);
		p->feed(obj, buf, len, final);
		st = p->drain(obj, cb, ctx, &stop);
		if (st == X12_ERROR) {
			res->fatal = true;
			res->fatal_err = *p->error(obj);
			break;
		}
		if (st == X12_DONE)
			break;
	}
	progress_done(&pr);
	x12_input_close(in);
}

static void
reader_feed(void *obj, const char *buf, size_t len, bool final)
{
	x12_reader_feed(obj, buf, len, final);
}

static enum x12_status
reader_drain_all(void *obj, const union cli_cb *cb, void *ctx, bool *stop, bool segments)
{
	struct x12_event ev;
	enum x12_status st;

	while ((st = x12_reader_next(obj, &ev)) == X12_EVENT) {
		if (!segments && ev.type == X12_EV_SEGMENT)
			continue;
		if (!cb->event(ctx, &ev)) {
			*stop = true;
			break;
		}
	}
	return st;
}

static enum x12_status
reader_drain(void *obj, const union cli_cb *cb, void *ctx, bool *stop)
{
	return reader_drain_all(obj, cb, ctx, stop, true);
}

static enum x12_status
reader_drain_diags(void *obj, const union cli_cb *cb, void *ctx, bool *stop)
{
	return reader_drain_all(obj, cb, ctx, stop, false);
}

static const struct x12_error *
reader_error(const void *obj)
{
	return x12_reader_error(obj);
}

static void
run_reader(const struct pump *p, struct x12_reader *r, const char *path, cli_event_fn fn, void *ctx,
	   struct cli_file_result *res)
{
	union cli_cb cb = { .event = fn };

	memset(res, 0, sizeof *res);
	x12_reader_reset(r);
	run_pump(p, r, path, &cb, ctx, NULL, NULL, res);
	x12_reader_stats(r, &res->stats);
}

void
cli_check_file(struct x12_reader *r, const char *path, cli_event_fn fn, void *ctx, struct cli_file_result *res)
{
	static const struct pump p = { reader_feed, reader_drain_diags, reader_error };

	run_reader(&p, r, path, fn, ctx, res);
}

void
cli_run_file(struct x12_reader *r, const char *path, cli_event_fn fn, void *ctx, struct cli_file_result *res)
{
	static const struct pump p = { reader_feed, reader_drain, reader_error };

	run_reader(&p, r, path, fn, ctx, res);
}

static void
records_feed(void *obj, const char *buf, size_t len, bool final)
{
	x12_records_feed(obj, buf, len, final);
}

static enum x12_status
records_drain(void *obj, const union cli_cb *cb, void *ctx, bool *stop)
{
	struct x12_record rec;
	enum x12_status st;

	while ((st = x12_records_next(obj, &rec)) == X12_EVENT) {
		if (!cb->record(ctx, &rec)) {
			*stop = true;
			break;
		}
	}
	return st;
}

static const struct x12_error *
records_error(const void *obj)
{
	return x12_records_error(obj);
}

void
cli_records_file_tap(struct x12_records *rs, const char *path, cli_record_fn fn, void *ctx, cli_bytes_fn tap,
		     void *tap_ctx, struct cli_file_result *res)
{
	static const struct pump p = { records_feed, records_drain, records_error };
	union cli_cb cb = { .record = fn };

	memset(res, 0, sizeof *res);
	x12_records_reset(rs);
	run_pump(&p, rs, path, &cb, ctx, tap, tap_ctx, res);
}

void
cli_records_file(struct x12_records *rs, const char *path, cli_record_fn fn, void *ctx, struct cli_file_result *res)
{
	cli_records_file_tap(rs, path, fn, ctx, NULL, NULL, res);
}

struct x12_schemas *
cli_load_schemas(const char *prog, const char *dir, int *status)
{
	struct x12_error err;
	struct x12_schemas *s;

	if (!dir)
		dir = getenv("REMEDI_SCHEMA_DIR");
	if (dir && !*dir)
		dir = NULL;
	if (x12_schemas_load(dir, &s, &err) != X12_OK) {
		fprintf(stderr, "%s: transaction-set definitions: %s\n", prog, err.msg);
		*status = dir && err.code != X12_E_NOMEM ? EXIT_USAGE : EXIT_INTERNAL;
		return NULL;
	}
	return s;
}

void
cli_print_diag(FILE *f, const char *path, const struct x12_error *e)
{
	const struct x12_code_info *ci = x12_code_info(e->code);
	const char *sep = " [";

	/* the contract: FILE:OFFSET: [CODE] message (segment N, ID); details follow in brackets */
	fprintf(f, "%s:%llu: [%s] %s", path, (unsigned long long)e->pos.offset, x12_code_label(e->code),
		ci->severity == X12_SEV_WARNING ? "warning: " : "");
	/* a claim id in a message is the file's bytes: nothing reaches a terminal raw */
	for (const unsigned char *p = (const unsigned char *)e->msg; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			fprintf(f, "\\x%02X", *p);
		else
			putc(*p, f);
	}
	if (e->pos.segment) {
		fprintf(f, " (segment %llu", (unsigned long long)e->pos.segment);
		if (e->pos.seg_id[0])
			fprintf(f, ", %s", e->pos.seg_id);
		fputc(')', f);
		if (e->pos.seg_id[0] && e->pos.element) {
			fprintf(f, "%s%s%02u", sep, e->pos.seg_id, (unsigned)e->pos.element);
			if (e->pos.component)
				fprintf(f, "-%u", (unsigned)e->pos.component);
			sep = ", ";
		}
		if (e->pos.st_segment) {
			fprintf(f, "%sST segment %u", sep, (unsigned)e->pos.st_segment);
			sep = ", ";
		}
		if (e->pos.loop_id[0]) {
			fprintf(f, "%sloop %s", sep, e->pos.loop_id);
			sep = ", ";
		}
		if (sep[0] == ',')
			fputc(']', f);
	}
	fputc('\n', f);
}

void
cli_print_fatal(FILE *f, const char *path, const struct cli_file_result *res)
{
	cli_print_diag(f, path, &res->fatal_err);
}

/*
 * A JSON string.  Valid UTF-8 passes through; any other byte above 0x7F is
 * read as Latin-1 (X12 is single-byte) and written as \u00XX, so the output is
 * always valid JSON.
 */
size_t
cli_json_plain(const char *s)
{
	const char *p = s;

	while (*p) {
		unsigned char c = (unsigned char)*p;
		size_t n;

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80)
			p++;
		else if (c >= 0x80 && (n = x12_utf8_len((const unsigned char *)p, strlen(p))) != 0)
			p += n;
		else
			break;
	}
	return (size_t)(p - s);
}

/* cli_json_str(): cli/json_out.c, beside the record writers */

void
cli_print_diag_json(FILE *f, const char *path, const struct x12_error *e)
{
	static const char *const sev[] = { "error", "warning", "info" };
	static const char *const ack[] = { "", "TA105", "AK905", "IK502", "IK304", "IK403" };
	const struct x12_code_info *ci = x12_code_info(e->code);

	fputs("{\"file\":", f);
	cli_json_str(f, path);
	fprintf(f, ",\"offset\":%llu,\"code\":\"%s\",\"name\":\"%s\",\"severity\":\"%s\",\"message\":",
		(unsigned long long)e->pos.offset, x12_code_label(e->code), ci->slug, sev[ci->severity]);
	cli_json_str(f, e->msg);
	fprintf(f, ",\"segment\":%llu,\"st_segment\":%u,\"segment_id\":", (unsigned long long)e->pos.segment,
		(unsigned)e->pos.st_segment);
	cli_json_str(f, e->pos.seg_id);
	fprintf(f, ",\"element\":%u,\"component\":%u,\"repetition\":%u,\"loop\":", (unsigned)e->pos.element,
		(unsigned)e->pos.component, (unsigned)e->pos.repetition);
	cli_json_str(f, e->pos.loop_id);
	fprintf(f, ",\"ack\":\"%s\",\"ack_code\":\"%s\",\"fatal\":%s}\n", ack[ci->ack], ci->ack_code,
		ci->fatal ? "true" : "false");
}

bool
cli_tally(const struct x12_error *e, unsigned long *errors, unsigned long *warnings)
{
	switch (x12_code_info(e->code)->severity) {
	case X12_SEV_INFO:
		return false;
	case X12_SEV_WARNING:
		(*warnings)++;
		return true;
	default:
		(*errors)++;
		return true;
	}
}

bool
cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

bool
cli_parse_count(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return false;
	*out = v;
	return true;
}

/* ---------------------------------------------------------------- diagnostics */

void
cli_diags_init(struct cli_diags *d, const char *prog, FILE *out, enum cli_diag_format format)
{
	static char errbuf[1 << 16];
	static bool buffered;

	memset(d, 0, sizeof *d);
	d->prog = prog;
	d->out = out;
	d->err = stderr;
	d->format = format;
	d->max = CLI_MAX_ERRORS_DEFAULT;
	if (out == stderr && !buffered) {
		/* before any output on stderr; flushed per file, before exit and by the progress line */
		setvbuf(stderr, errbuf, _IOFBF, sizeof errbuf);
		buffered = true;
	}
}

bool
cli_diags_max_option(struct cli_diags *d, const char *arg)
{
	if (!cli_parse_count(arg, &d->max)) {
		fprintf(stderr, "%s: --max-errors takes a number (0 = all), not '%s'\n", d->prog, arg);
		return false;
	}
	return true;
}

void
cli_diags_begin(struct cli_diags *d, const char *path)
{
	d->path = path;
	d->errors = d->warnings = d->shown = d->left_out = 0;
}

bool
cli_diags_add(struct cli_diags *d, const struct x12_error *e)
{
	unsigned long errors = d->errors;

	if (!cli_tally(e, &d->errors, &d->warnings))
		return false;
	if (d->errors != errors)
		d->total_errors++;
	else
		d->total_warnings++;
	if (d->quiet)
		return true;
	if (d->max && d->shown >= d->max) {
		d->left_out++;
		return true;
	}
	d->shown++;
	if (d->format == CLI_FORMAT_JSON)
		cli_print_diag_json(d->out, d->path, e);
	else
		cli_print_diag(d->out, d->path, e);
	if (d->shown_hook)
		d->shown_hook(d->hook_ctx);
	return true;
}

void
cli_diags_merge(struct cli_diags *acc, const struct cli_diags *part)
{
	acc->errors += part->errors;
	acc->warnings += part->warnings;
	acc->shown += part->shown;
	acc->left_out += part->left_out;
	acc->total_errors += part->errors;
	acc->total_warnings += part->warnings;
}

void
cli_diags_cap(struct cli_diags *acc)
{
	/* each part showed up to max; the batch wrote the first max of them */
	if (acc->max && acc->shown > acc->max) {
		acc->left_out += acc->shown - acc->max;
		acc->shown = acc->max;
	}
}

void
cli_diags_end(struct cli_diags *d)
{
	/* JSON Lines stay objects only: the count goes to stderr there */
	if (d->left_out)
		fprintf(d->format == CLI_FORMAT_TEXT ? d->out : d->err, "%s: %lu more problem%s not shown (--max-errors %lu)\n",
			d->path, d->left_out, d->left_out == 1 ? "" : "s", d->max);
	cli_diags_flush(d);
}

static void out_failed(int err);

void
cli_diags_flush(struct cli_diags *d)
{
	errno = 0;
	if (fflush(d->out) != 0 && d->out != d->err)
		out_failed(errno); /* diagnostics on stdout are the output (validate) */
	if (d->out != d->err)
		fflush(d->err);
}

/* ---------------------------------------------------------------- output errors */

/* Workers of -j test and set failed and err; told is the main thread's. */
static struct {
	atomic_bool failed;   /* an output stream failed */
	atomic_int err;       /* errno of the first failure, 0 when unknown */
	bool told;            /* the message was printed */
} out_state;

static void
out_failed(int err)
{
	bool was = false;

	if (atomic_compare_exchange_strong(&out_state.failed, &was, true))
		atomic_store(&out_state.err, err);
}

bool
cli_output_ok(FILE *f)
{
	if (out_state.failed)
		return false;
	if (!ferror(f))
		return true;
	out_failed(errno);
	return false;
}

bool
cli_output_check(const char *prog, FILE *f)
{
	errno = 0;
	if (fflush(f) != 0 || ferror(f))
		out_failed(errno);
	if (!out_state.failed)
		return true;
	if (!out_state.told) {
		int err = atomic_load(&out_state.err);

		out_state.told = true;
		if (err)
			fprintf(stderr, "%s: write error: %s\n", prog, strerror(err));
		else
			fprintf(stderr, "%s: write error\n", prog);
		fflush(stderr);
	}
	return false;
}

int
cli_output_finish(const char *prog, int status)
{
	if (!cli_output_check(prog, stdout))
		return EXIT_INTERNAL;
	fflush(stderr);
	return status;
}
