/*
 * chunk-dump.c - test-chunking: the reader gives the same events however the
 * input is split.
 *
 *   test-chunking [--verbose] PATH...
 *
 * Every regular file under each PATH (directories are walked recursively,
 * in name order) is read into memory and run through the reader whole, whole
 * followed by an empty final chunk, and in chunks of 1, 2, 3, 7, 105, 106,
 * 107 and 4096 bytes.  Each run gives a text dump of its events (dump.h); all
 * must equal the whole-input dump, and none may contain an INVARIANT line.
 * A mismatch names the file, the feeding and the first differing line.
 *
 * Exit status: 0 all equal, 1 a mismatch or unreadable file, 77 (skipped) when
 * a PATH does not exist or no file was found.
 */
#include "dump.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXIT_SKIP 77

static const size_t chunk_sizes[] = { 1, 2, 3, 7, 105, 106, 107, 4096 };

struct totals {
	unsigned long files, runs, failures;
	unsigned long long segments, diags, fatal;
	bool verbose;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
check_file(struct totals *tot, const char *path)
{
	struct dump_opts whole_opts = { .layer = DUMP_READER };
	char *data, *whole, msg[512];
	size_t len;

	if (dump_read_file(path, &data, &len) != 0) {
		fprintf(stderr, "FAIL %s: cannot read: %s\n", path, strerror(errno));
		tot->failures++;
		return;
	}
	tot->files++;
	whole = dump_run(data, len, &whole_opts);
	tot->runs++;
	if (dump_count(whole, "INVARIANT")) {
		const char *p = strstr(whole, "INVARIANT");

		fprintf(stderr, "FAIL %s (whole): %.*s\n", path, (int)strcspn(p, "\n"), p);
		tot->failures++;
	}
	for (size_t i = 0; i <= sizeof chunk_sizes / sizeof chunk_sizes[0]; i++) {
		struct dump_opts o = { .layer = DUMP_READER };
		char *d;

		if (i < sizeof chunk_sizes / sizeof chunk_sizes[0])
			o.chunk = chunk_sizes[i];
		else
			o.empty_final = true;
		d = dump_run(data, len, &o);
		tot->runs++;
		if (!dump_same(whole, d, msg, sizeof msg)) {
			if (o.empty_final)
				fprintf(stderr, "FAIL %s (whole, then an empty final chunk) differs from whole: %s\n",
					path, msg);
			else
				fprintf(stderr, "FAIL %s (chunk size %zu) differs from whole: %s\n", path, o.chunk,
					msg);
			tot->failures++;
		}
		free(d);
	}
	tot->segments += dump_count(whole, "S ");
	tot->diags += dump_count(whole, "D ");
	tot->fatal += dump_count(whole, "E ");
	if (tot->verbose) {
		const char *end = strstr(whole, "END ");

		printf("%s: %zu segments, %zu diagnostics, %s\n", path, dump_count(whole, "S "),
		       dump_count(whole, "D "), end && strncmp(end, "END DONE", 8) == 0 ? "done" : "fatal");
	}
	free(whole);
	free(data);
}

static void
walk(struct totals *tot, const char *path)
{
	struct stat sb;
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &sb) != 0) {
		fprintf(stderr, "FAIL %s: %s\n", path, strerror(errno));
		tot->failures++;
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		if (S_ISREG(sb.st_mode))
			check_file(tot, path);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "FAIL %s: %s\n", path, strerror(errno));
		tot->failures++;
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		size_t need;

		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				abort();
		}
		need = strlen(path) + strlen(de->d_name) + 2;
		names[n] = malloc(need);
		if (!names[n])
			abort();
		snprintf(names[n], need, "%s/%s", path, de->d_name);
		n++;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		walk(tot, names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	struct totals tot = { 0 };
	int first = 1;

	if (argc > 1 && strcmp(argv[1], "--verbose") == 0) {
		tot.verbose = true;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: test-chunking [--verbose] PATH...\n");
		return 2;
	}
	for (int i = first; i < argc; i++) {
		struct stat sb;

		if (stat(argv[i], &sb) != 0) {
			printf("SKIP: %s does not exist\n", argv[i]);
			return EXIT_SKIP;
		}
	}
	for (int i = first; i < argc; i++)
		walk(&tot, argv[i]);
	if (tot.files == 0 && tot.failures == 0) {
		printf("SKIP: no file under the given paths\n");
		return EXIT_SKIP;
	}
	printf("%lu files, %lu runs (whole, whole + empty final, chunks of 1 2 3 7 105 106 107 4096): "
	       "%llu segments, %llu diagnostics, %llu fatal errors per run; %lu failures\n",
	       tot.files, tot.runs, tot.segments, tot.diags, tot.fatal, tot.failures);
	return tot.failures ? 1 : 0;
}
