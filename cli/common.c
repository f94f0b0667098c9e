/*
 * common.c - running one input through the reader and reporting.
 */
#include "common.h"
#include "input.h"

#include <stdlib.h>
#include <string.h>
#include <errno.h>

void
cli_run_file(struct x12_reader *r, const char *path, cli_event_fn fn, void *ctx,
	     struct cli_file_result *res)
{
	struct x12_input *in;
	struct x12_event ev;
	const char *buf;
	size_t len;
	bool final = false, stop = false;

	memset(res, 0, sizeof *res);
	x12_reader_reset(r);
	in = x12_input_open(path, res->io_msg, sizeof res->io_msg);
	if (!in) {
		res->fatal = true;
		res->fatal_err.code = X12_E_IO;
		return;
	}
	while (!stop) {
		int rc = x12_input_read(in, &buf, &len, &final, res->io_msg, sizeof res->io_msg);
		enum x12_status st;

		if (rc < 0) {
			res->fatal = true;
			res->fatal_err.code = X12_E_IO;
			res->fatal_err.pos.offset = res->bytes;
			break;
		}
		if (rc == 0)
			break;
		res->bytes += len;
		x12_reader_feed(r, buf, len, final);
		while ((st = x12_reader_next(r, &ev)) == X12_EVENT) {
			if (!fn(ctx, &ev)) {
				stop = true;
				break;
			}
		}
		if (st == X12_ERROR) {
			res->fatal = true;
			res->fatal_err = *x12_reader_error(r);
			break;
		}
		if (st == X12_DONE)
			break;
	}
	x12_reader_stats(r, &res->stats);
	x12_input_close(in);
}

void
cli_print_diag(FILE *f, const char *path, const struct x12_error *e)
{
	const struct x12_code_info *ci = x12_code_info(e->code);

	fprintf(f, "%s:%llu: [%s] %s%s", path, (unsigned long long)e->pos.offset,
		x12_code_label(e->code), ci->severity == X12_SEV_WARNING ? "warning: " : "", e->msg);
	if (e->pos.segment) {
		fprintf(f, " (segment %llu", (unsigned long long)e->pos.segment);
		if (e->pos.seg_id[0]) {
			fprintf(f, ", %s", e->pos.seg_id);
			if (e->pos.element)
				fprintf(f, "%02u", (unsigned)e->pos.element);
		}
		if (e->pos.st_segment)
			fprintf(f, ", ST segment %u", (unsigned)e->pos.st_segment);
		fputc(')', f);
	}
	fputc('\n', f);
}

void
cli_print_fatal(FILE *f, const char *path, const struct cli_file_result *res)
{
	if (res->fatal_err.code == X12_E_IO) {
		fprintf(f, "%s:%llu: [%s] %s\n", path, (unsigned long long)res->fatal_err.pos.offset,
			x12_code_label(X12_E_IO), res->io_msg);
		return;
	}
	cli_print_diag(f, path, &res->fatal_err);
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
