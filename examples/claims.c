/*
 * claims.c - stream an 837 through libremedi and print each claim's id and
 * total charge; diagnostics go to stderr.
 *
 *   cc claims.c $(pkg-config --cflags --libs remedi) -o claims
 *   ./claims FILE        (plain or gzip; "-" reads standard input)
 *
 * Exit status: 0 clean, 1 the file has errors, 2 it could not be read or is
 * not X12.
 */
#include <stdio.h>

#include <remedi/remedi.h>

int
main(int argc, char **argv)
{
	struct x12_schemas *schemas;
	struct x12_records *rs;
	struct x12_input *in;
	struct x12_error err;
	struct x12_record rec;
	enum x12_status st = X12_NEED_INPUT;
	unsigned long errors = 0;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: claims FILE\n");
		return 2;
	}
	if (x12_schemas_load(NULL, &schemas, &err) != X12_OK) {
		fprintf(stderr, "claims: %s\n", err.msg);
		return 2;
	}
	rs = x12_records_new(schemas, NULL); /* SNIP level 4, default limits, malloc */
	if (!rs || x12_input_open(argv[1], NULL, &in, &err) != X12_OK) {
		fprintf(stderr, "claims: %s: %s\n", argv[1], rs ? err.msg : "out of memory");
		x12_records_free(rs);
		x12_schemas_free(schemas);
		return 2;
	}
	while (st == X12_NEED_INPUT) {
		const char *buf;
		size_t len;
		bool final;

		if (x12_input_read(in, &buf, &len, &final, &err) != X12_OK) {
			fprintf(stderr, "claims: %s: %s\n", argv[1], err.msg);
			rc = 2;
			break;
		}
		x12_records_feed(rs, buf, len, final);
		while ((st = x12_records_next(rs, &rec)) == X12_EVENT) {
			char total[32];

			if (rec.type == X12_REC_CLAIM) {
				printf("%s %s\n", rec.claim->id, x12_money_str(total, sizeof total, rec.claim->charge));
			} else if (rec.type == X12_REC_DIAG) {
				const struct x12_code_info *ci = x12_code_info(rec.diag->code);

				errors += ci->severity == X12_SEV_ERROR;
				fprintf(stderr, "%s:%llu: [%s] %s\n", argv[1], (unsigned long long)rec.diag->pos.offset,
					x12_code_label(rec.diag->code), rec.diag->msg);
			} else if (rec.type == X12_REC_END && rec.end->fatal) {
				fprintf(stderr, "%s:%llu: [%s] %s\n", argv[1], (unsigned long long)rec.end->error.pos.offset,
					x12_code_label(rec.end->error.code), rec.end->error.msg);
				rc = 2;
			}
		}
	}
	x12_input_close(in);
	x12_records_free(rs);
	x12_schemas_free(schemas);
	return rc ? rc : errors ? 1 : 0;
}
