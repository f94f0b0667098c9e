/*
 * batch.c - the input list, the summary, the progress line and the workers
 * of a run over many files (batch.h).
 *
 * The list: operands in order, then the --files-from entries in order; a
 * directory becomes every regular file under it, sorted by the bytes of
 * their paths (strcmp), without following a symbolic link met inside it
 * (lstat), so a walk never leaves the tree and never loops.  A directory or
 * an operand named by the user is followed as given.
 *
 * -j N: N worker threads take files in input order, at most 2N files ahead
 * of the one the main thread is writing out.  Each file's output and
 * diagnostics go to two spools (memory up to SPOOL_MEM each, then an unlinked
 * temporary file), which the main thread copies to stdout and stderr when the
 * file is done and every file before it has been written.  Memory is bounded
 * by 2N files x 2 spools x SPOOL_MEM, whatever the size of the output.
 */
#define _GNU_SOURCE /* fopencookie */
#include "batch.h"
#include "common.h"
#include "txset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SPOOL_MEM (256u * 1024)

void
cli_batch_init(struct cli_batch *b, const char *prog)
{
	memset(b, 0, sizeof *b);
	b->prog = prog;
	b->progress = -1;
}

void
cli_batch_free(struct cli_batch *b)
{
	for (size_t i = 0; i < b->nfiles; i++)
		free(b->files[i].path);
	free(b->files);
	b->files = NULL;
	b->nfiles = b->capfiles = 0;
}

int
cli_batch_option(struct cli_batch *b, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_FILES_FROM:
		b->files_from = arg;
		return 1;
	case '0':
		b->nul = true;
		return 1;
	case CLI_OPT_SUMMARY:
		b->summary_path = arg;
		return 1;
	case CLI_OPT_PROGRESS:
		b->progress = 1;
		return 1;
	case CLI_OPT_NO_PROGRESS:
		b->progress = 0;
		return 1;
	case 'j':
		if (!cli_parse_count(arg, &b->jobs) || b->jobs == 0 || b->jobs > 256) {
			fprintf(stderr, "%s: -j takes a number of jobs from 1 to 256, not '%s'\n", b->prog, arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ the list */

static bool
add_file(struct cli_batch *b, const char *path, uint64_t size)
{
	if (b->nfiles == b->capfiles) {
		size_t cap = b->capfiles ? b->capfiles * 2 : 16;
		struct cli_batch_file *f = realloc(b->files, cap * sizeof *f);

		if (!f)
			return false;
		b->files = f;
		b->capfiles = cap;
	}
	if (!(b->files[b->nfiles].path = strdup(path)))
		return false;
	b->files[b->nfiles++].size = size;
	return true;
}

static char *
join_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dl && dir[dl - 1] == '/';
	char *p = malloc(dl + !slash + nl + 1);

	if (!p)
		return NULL;
	memcpy(p, dir, dl);
	if (!slash)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

/* Every regular file under dir, unsorted; false when out of memory. */
static bool
walk_dir(struct cli_batch *b, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool ok = true;

	if (!d)
		return add_file(b, dir, 0); /* its run says why it cannot be read */
	while (ok && (de = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (!(p = join_path(dir, de->d_name))) {
			ok = false;
			break;
		}
		if (lstat(p, &st) != 0)
			ok = add_file(b, p, 0); /* vanished or unreadable: reported by its run */
		else if (S_ISDIR(st.st_mode))
			ok = walk_dir(b, p);
		else if (S_ISREG(st.st_mode))
			ok = add_file(b, p, (uint64_t)st.st_size);
		/* symbolic links, sockets, devices, FIFOs: not data files of the tree */
		free(p);
	}
	closedir(d);
	return ok;
}

static int
cmp_path(const void *a, const void *b)
{
	const struct cli_batch_file *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* One operand or list entry; false when out of memory. */
static bool
add_arg(struct cli_batch *b, const char *arg)
{
	struct stat st;

	if (strcmp(arg, "-") == 0)
		return add_file(b, arg, 0);
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t first = b->nfiles;

		if (!walk_dir(b, arg))
			return false;
		if (b->nfiles > first) /* an empty tree leaves files NULL: no qsort(NULL) */
			qsort(b->files + first, b->nfiles - first, sizeof *b->files, cmp_path);
		return true;
	}
	return add_file(b, arg, stat(arg, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0);
}

static int
read_list(struct cli_batch *b)
{
	bool from_stdin = strcmp(b->files_from, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(b->files_from, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = EXIT_CLEAN;

	if (!f) {
		fprintf(stderr, "%s: --files-from %s: %s\n", b->prog, b->files_from, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	while ((n = getdelim(&line, &cap, b->nul ? '\0' : '\n', f)) > 0) {
		if (line[n - 1] == (b->nul ? '\0' : '\n'))
			line[--n] = '\0';
		if (n == 0)
			continue; /* an empty line names no file */
		if (from_stdin && strcmp(line, "-") == 0) {
			fprintf(stderr, "%s: the --files-from list is standard input: it cannot name '-'\n", b->prog);
			status = EXIT_USAGE;
			break;
		}
		if (!add_arg(b, line)) {
			status = EXIT_INTERNAL;
			break;
		}
	}
	if (status == EXIT_CLEAN && ferror(f)) {
		fprintf(stderr, "%s: --files-from %s: %s\n", b->prog, b->files_from, strerror(errno));
		status = EXIT_BAD_INPUT;
	}
	free(line);
	if (!from_stdin)
		fclose(f);
	return status;
}

int
cli_batch_collect(struct cli_batch *b, int argc, char **argv, int first)
{
	int status = EXIT_CLEAN, stdin_uses = 0;

	for (int i = first; i < argc && status == EXIT_CLEAN; i++)
		if (!add_arg(b, argv[i]))
			status = EXIT_INTERNAL;
	if (status == EXIT_CLEAN && b->files_from)
		status = read_list(b);
	if (status == EXIT_INTERNAL)
		fprintf(stderr, "%s: out of memory\n", b->prog);
	if (status != EXIT_CLEAN)
		return status;
	for (size_t i = 0; i < b->nfiles; i++)
		stdin_uses += strcmp(b->files[i].path, "-") == 0;
	if (b->files_from && strcmp(b->files_from, "-") == 0)
		stdin_uses++;
	if (stdin_uses > 1) {
		fprintf(stderr, "%s: standard input ('-') can be read only once\n", b->prog);
		return EXIT_USAGE;
	}
	if (b->nfiles == 0) {
		if (b->files_from || first < argc)
			fprintf(stderr, "%s: no input file (the directories and lists given name none)\n", b->prog);
		else
			fprintf(stderr, "%s: no FILE given ('-' reads standard input)\n", b->prog);
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}

unsigned
cli_batch_jobs(const struct cli_batch *b)
{
	unsigned long jobs = b->jobs;

	if (b->max_one_job || b->nfiles < 2)
		return 1;
	if (jobs == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);

		jobs = cores > 0 ? (unsigned long)cores : 1;
	}
	if (jobs > b->nfiles)
		jobs = b->nfiles;
	return (unsigned)jobs;
}

/* ------------------------------------------------------------------ progress */

/*
 * The progress line: files done, decoded bytes, MB/s and, when the sizes of
 * the files are known, the time left (from the bytes read of the files).
 * After the first second, at most once a second, on stderr only, overwritten
 * in place and cleared before a file's output is written and at the end.
 */
struct progress {
	bool on, shown;
	double interval;               /* seconds between lines: 1, or $REMEDI_PROGRESS_INTERVAL (tests) */
	const char *prog;
	struct timespec start, last;
	size_t nfiles, files_done;
	uint64_t total_raw;            /* sizes of the files; 0 when one is unknown */
	uint64_t done_bytes, done_raw; /* of the files done */
};

static void
progress_show(struct progress *pr, uint64_t bytes, uint64_t raw)
{
	double t;

	if (!pr->on || cli_seconds_since(&pr->last) < pr->interval)
		return;
	clock_gettime(CLOCK_MONOTONIC, &pr->last);
	t = cli_seconds_since(&pr->start);
	bytes += pr->done_bytes;
	raw += pr->done_raw;
	fprintf(stderr, "\r%s: %zu/%zu files, %llu MB, %.0f MB/s", pr->prog, pr->files_done, pr->nfiles,
		(unsigned long long)(bytes / 1000000), t > 0 ? (double)bytes / 1e6 / t : 0.0);
	if (pr->total_raw && raw && raw <= pr->total_raw) {
		unsigned long left = (unsigned long)((double)(pr->total_raw - raw) * t / (double)raw);

		fprintf(stderr, ", %lu:%02lu left", left / 60, left % 60);
	}
	fputs("   ", stderr);
	fflush(stderr);
	pr->shown = true;
}

static void
progress_clear(struct progress *pr)
{
	if (pr->shown) {
		fprintf(stderr, "\r%72s\r", "");
		fflush(stderr);
		pr->shown = false;
	}
}

static void
progress_init(struct progress *pr, const struct cli_batch *b)
{
	const char *env;

	memset(pr, 0, sizeof *pr);
	pr->on = b->progress == 1 || (b->progress == -1 && isatty(STDERR_FILENO) == 1);
	pr->prog = b->prog;
	pr->interval = 1.0;
	if ((env = getenv("REMEDI_PROGRESS_INTERVAL")) && *env)
		pr->interval = strtod(env, NULL);
	pr->nfiles = b->nfiles;
	for (size_t i = 0; i < b->nfiles; i++) {
		if (!b->files[i].size) {
			pr->total_raw = 0;
			break;
		}
		pr->total_raw += b->files[i].size;
	}
	clock_gettime(CLOCK_MONOTONIC, &pr->start);
	pr->last = pr->start;
}

static void
progress_file_done(struct progress *pr, const struct cli_file_summary *s)
{
	pr->files_done++;
	pr->done_bytes += s->bytes;
	pr->done_raw += s->size;
}

/* -j 1: the pump calls this after each chunk, on the thread that runs the file */
static void
progress_tick(struct cli_meter *m)
{
	progress_show(m->ctx, atomic_load_explicit(&m->bytes, memory_order_relaxed),
		      atomic_load_explicit(&m->raw, memory_order_relaxed));
}

/* ------------------------------------------------------------------ summary */

static void
summary_write(FILE *f, const char *path, const struct cli_file_summary *s)
{
	fputs("{\"path\":", f);
	cli_json_str(f, path);
	fprintf(f, ",\"size\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"bytes_per_s\":%llu", (unsigned long long)s->size,
		(unsigned long long)s->bytes, s->seconds,
		s->seconds > 0 ? (unsigned long long)((double)s->bytes / s->seconds) : 0ull);
	fprintf(f, ",\"interchanges\":%llu,\"groups\":%llu,\"sets_accepted\":%llu,\"sets_rejected\":%llu",
		(unsigned long long)s->interchanges, (unsigned long long)s->groups,
		(unsigned long long)s->sets_accepted, (unsigned long long)s->sets_rejected);
	fprintf(f, ",\"claims\":%llu,\"payments\":%llu,\"errors\":%lu,\"warnings\":%lu,\"exit_status\":%d}\n",
		(unsigned long long)s->claims, (unsigned long long)s->payments, s->errors, s->warnings, s->status);
}

/* ------------------------------------------------------------------ spools */

struct spool {
	char *mem;
	size_t len, cap;
	int fd;                        /* the spill file, -1 before the first spill */
	int err;                       /* errno of a failed write, 0 */
};

static int
spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	char *p;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if (!(p = join_path(dir, "remedi-spool.XXXXXX")))
		return -1;
	fd = mkostemp(p, O_CLOEXEC);
	if (fd >= 0)
		unlink(p); /* gone from the directory, kept while open */
	free(p);
	return fd;
}

static ssize_t
spool_write(void *cookie, const char *buf, size_t n)
{
	struct spool *s = cookie;
	size_t done = 0;

	if (s->fd < 0 && s->len + n <= SPOOL_MEM) {
		if (s->len + n > s->cap) {
			size_t cap = s->cap ? s->cap : 16384;
			char *m;

			while (cap < s->len + n)
				cap *= 2;
			if (cap > SPOOL_MEM)
				cap = SPOOL_MEM;
			if (!(m = realloc(s->mem, cap))) {
				s->err = ENOMEM;
				return -1;
			}
			s->mem = m;
			s->cap = cap;
		}
		memcpy(s->mem + s->len, buf, n);
		s->len += n;
		return (ssize_t)n;
	}
	if (s->fd < 0 && (s->fd = spill_open()) < 0) {
		s->err = errno;
		return -1;
	}
	while (done < n) {
		ssize_t w = write(s->fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->err = w < 0 ? errno : EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

static FILE *
spool_open(struct spool *s)
{
	cookie_io_functions_t io = { .write = spool_write };
	FILE *f;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	if (!(f = fopencookie(s, "w", io)))
		return NULL;
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

/* Copies s to dst (NULL: drops it), then frees it; false when reading the spill failed. */
static bool
spool_emit(struct spool *s, FILE *dst)
{
	bool ok = dst != NULL;

	if (s->len && dst)
		fwrite(s->mem, 1, s->len, dst);
	if (s->fd >= 0) {
		char buf[1 << 16];
		ssize_t n;

		if (lseek(s->fd, 0, SEEK_SET) != 0)
			ok = false;
		while (ok && (n = read(s->fd, buf, sizeof buf)) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				ok = false;
				break;
			}
			fwrite(buf, 1, (size_t)n, dst);
		}
		close(s->fd);
	}
	free(s->mem);
	memset(s, 0, sizeof *s);
	s->fd = -1;
	return ok;
}

/* ------------------------------------------------------------------ running */

/* After one file, on the main thread: the summary line, the worst status. */
static void
file_done(struct cli_batch *b, FILE *sum, struct progress *pr, size_t i, const struct cli_file_summary *s,
	  int *worst)
{
	progress_file_done(pr, s);
	if (sum)
		summary_write(sum, b->files[i].path, s);
	if (s->status > *worst)
		*worst = s->status;
}

static void
fix_size(const struct cli_batch *b, size_t i, struct cli_file_summary *s, const struct cli_meter *m)
{
	s->size = b->files[i].size ? b->files[i].size : atomic_load_explicit(&m->raw, memory_order_relaxed);
	if (!s->bytes)
		s->bytes = atomic_load_explicit(&m->bytes, memory_order_relaxed);
}

static int
run_one_job(struct cli_batch *b, const struct cli_batch_ops *ops, void *cmd, FILE *sum, struct progress *pr)
{
	struct cli_meter m = { .tick = pr->on ? progress_tick : NULL, .ctx = pr };
	void *w = ops->worker_new(cmd);
	int worst = EXIT_CLEAN;

	if (!w) {
		fprintf(stderr, "%s: out of memory\n", b->prog);
		return EXIT_INTERNAL;
	}
	cli_meter_use(&m);
	for (size_t i = 0; i < b->nfiles; i++) {
		struct cli_file_summary s = { 0 };
		struct timespec t0;
		bool go;

		atomic_store(&m.bytes, 0);
		atomic_store(&m.raw, 0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		go = ops->run(cmd, w, b->files[i].path, stdout, stderr, &s);
		s.seconds = cli_seconds_since(&t0);
		fix_size(b, i, &s, &m);
		file_done(b, sum, pr, i, &s, &worst);
		if (!go || !cli_output_check(b->prog, stdout)) {
			worst = EXIT_INTERNAL;
			break;
		}
	}
	cli_meter_use(NULL);
	progress_clear(pr);
	ops->worker_free(w);
	return worst;
}

enum slot_state { SLOT_FREE, SLOT_RUNNING, SLOT_DONE };

struct slot {
	enum slot_state state;
	struct spool out, err;
	struct cli_file_summary sum;
	bool ok;                       /* run() did not ask to stop, the spools opened */
};

struct pool {
	struct cli_batch *b;
	const struct cli_batch_ops *ops;
	void *cmd;
	pthread_mutex_t mu;
	pthread_cond_t done;           /* a file is done: the main thread waits on it */
	pthread_cond_t room;           /* a slot is free: the workers wait on it */
	size_t next;                   /* the next file to start */
	size_t emitted;                /* files written out */
	size_t window;                 /* slots */
	struct slot *slots;            /* file i in slots[i % window] */
	bool stop;                     /* start no further file */
	bool oom;                      /* a worker could not be made */
};

struct worker {
	struct pool *p;
	pthread_t thread;
	bool started;
	struct cli_meter meter;        /* read by the main thread for the progress line */
};

static void *
worker_main(void *arg)
{
	struct worker *wk = arg;
	struct pool *p = wk->p;
	void *w = p->ops->worker_new(p->cmd);

	cli_meter_use(&wk->meter);
	pthread_mutex_lock(&p->mu);
	if (!w) {
		p->oom = p->stop = true;
		pthread_cond_broadcast(&p->done);
	}
	for (;;) {
		struct slot *sl;
		struct cli_file_summary s = { 0 };
		struct timespec t0;
		FILE *out, *err;
		size_t i;
		bool ok;

		while (!p->stop && p->next < p->b->nfiles && p->next >= p->emitted + p->window)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop || p->next >= p->b->nfiles)
			break;
		i = p->next++;
		sl = &p->slots[i % p->window];
		sl->state = SLOT_RUNNING;
		pthread_mutex_unlock(&p->mu);

		atomic_store(&wk->meter.bytes, 0);
		atomic_store(&wk->meter.raw, 0);
		out = spool_open(&sl->out);
		err = spool_open(&sl->err);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ok = out && err && p->ops->run(p->cmd, w, p->b->files[i].path, out, err, &s);
		s.seconds = cli_seconds_since(&t0);
		if (out && fclose(out) != 0)
			ok = false;
		if (err && fclose(err) != 0)
			ok = false;
		if (!out || !err) {
			sl->out.err = sl->out.err ? sl->out.err : ENOMEM;
			ok = false;
		}
		fix_size(p->b, i, &s, &wk->meter);

		pthread_mutex_lock(&p->mu);
		sl->sum = s;
		sl->ok = ok;
		sl->state = SLOT_DONE;
		if (!ok)
			p->stop = true;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	cli_meter_use(NULL);
	if (w)
		p->ops->worker_free(w);
	return NULL;
}

static uint64_t
meters_sum(struct worker *wks, unsigned n, bool raw)
{
	uint64_t t = 0;

	for (unsigned k = 0; k < n; k++)
		t += atomic_load_explicit(raw ? &wks[k].meter.raw : &wks[k].meter.bytes, memory_order_relaxed);
	return t;
}

/* Writes file i's spools out; false when the output failed (named on stderr). */
static bool
emit(struct pool *p, struct slot *sl)
{
	int spool_err = sl->out.err ? sl->out.err : sl->err.err;
	bool ok = spool_emit(&sl->out, stdout);

	fflush(stdout); /* this file's output before its diagnostics, as at -j 1 */
	ok = spool_emit(&sl->err, stderr) && ok;
	fflush(stderr);
	if (spool_err || !ok) {
		fprintf(stderr, "%s: write error: output spool: %s\n", p->b->prog,
			strerror(spool_err ? spool_err : EIO));
		fflush(stderr);
		return false;
	}
	return cli_output_check(p->b->prog, stdout);
}

static int
run_jobs(struct cli_batch *b, const struct cli_batch_ops *ops, void *cmd, unsigned jobs, FILE *sum,
	 struct progress *pr)
{
	struct pool p = { .b = b, .ops = ops, .cmd = cmd, .window = 2u * jobs };
	struct worker *wks = calloc(jobs, sizeof *wks);
	int worst = EXIT_CLEAN;

	p.slots = calloc(p.window, sizeof *p.slots);
	if (!wks || !p.slots) {
		free(wks);
		free(p.slots);
		fprintf(stderr, "%s: out of memory\n", b->prog);
		return EXIT_INTERNAL;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.done, NULL);
	pthread_cond_init(&p.room, NULL);
	for (unsigned k = 0; k < jobs; k++) {
		wks[k].p = &p;
		wks[k].started = pthread_create(&wks[k].thread, NULL, worker_main, &wks[k]) == 0;
		if (!wks[k].started && k == 0) {
			fprintf(stderr, "%s: cannot start a worker thread\n", b->prog);
			worst = EXIT_INTERNAL;
			pthread_mutex_lock(&p.mu);
			p.stop = true;
			pthread_mutex_unlock(&p.mu);
		}
	}
	pthread_mutex_lock(&p.mu);
	for (size_t i = 0; i < b->nfiles; i++) {
		struct slot *sl = &p.slots[i % p.window];

		while (sl->state != SLOT_DONE && !(p.stop && i >= p.next)) {
			struct timespec until;

			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 1;
			pthread_cond_timedwait(&p.done, &p.mu, &until);
			if (pr->on && sl->state != SLOT_DONE) {
				uint64_t bytes = meters_sum(wks, jobs, false), raw = meters_sum(wks, jobs, true);

				pthread_mutex_unlock(&p.mu);
				progress_show(pr, bytes, raw);
				pthread_mutex_lock(&p.mu);
			}
		}
		if (sl->state != SLOT_DONE)
			break; /* stopped before it started */
		pthread_mutex_unlock(&p.mu);

		progress_clear(pr);
		if (!emit(&p, sl) || !sl->ok)
			worst = EXIT_INTERNAL;
		else
			file_done(b, sum, pr, i, &sl->sum, &worst);

		pthread_mutex_lock(&p.mu);
		sl->state = SLOT_FREE;
		p.emitted++;
		if (worst == EXIT_INTERNAL)
			p.stop = true;
		pthread_cond_broadcast(&p.room);
		if (worst == EXIT_INTERNAL)
			break;
	}
	if (p.oom) {
		fprintf(stderr, "%s: out of memory\n", b->prog);
		worst = EXIT_INTERNAL;
	}
	p.stop = true;
	pthread_cond_broadcast(&p.room);
	pthread_mutex_unlock(&p.mu);
	for (unsigned k = 0; k < jobs; k++)
		if (wks[k].started)
			pthread_join(wks[k].thread, NULL);
	/* files done but never written (the run stopped): their spools */
	for (size_t k = 0; k < p.window; k++) {
		if (p.slots[k].state == SLOT_DONE) {
			spool_emit(&p.slots[k].out, NULL);
			spool_emit(&p.slots[k].err, NULL);
		}
	}
	progress_clear(pr);
	pthread_cond_destroy(&p.room);
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.mu);
	free(p.slots);
	free(wks);
	return worst;
}

/* ------------------------------------------------------------------ commands */

void *
cli_batch_stream_new(void *cmd)
{
	const struct cli_batch_stream *bs = cmd;

	return x12_records_new(bs->schemas, &bs->options);
}

void
cli_batch_stream_free(void *worker)
{
	x12_records_free(worker);
}

int
cli_batch_prepare(const struct cli_batch *b, struct x12_schemas *schemas)
{
	struct x12_error e;

	/* shared by the workers: compiled before they start, read-only after */
	if (!schemas || cli_batch_jobs(b) < 2 || x12_schemas_prepare(schemas, &e) == X12_OK)
		return EXIT_CLEAN;
	fprintf(stderr, "%s: transaction-set definitions: %s\n", b->prog, e.msg);
	return EXIT_INTERNAL;
}

int
cli_batch_run(struct cli_batch *b, const struct cli_batch_ops *ops, void *cmd)
{
	struct progress pr;
	FILE *sum = NULL;
	unsigned jobs = cli_batch_jobs(b);
	int worst;

	if (b->summary_path && !(sum = fopen(b->summary_path, "w"))) {
		fprintf(stderr, "%s: --summary %s: %s\n", b->prog, b->summary_path, strerror(errno));
		return EXIT_INTERNAL;
	}
	progress_init(&pr, b);
	worst = jobs > 1 ? run_jobs(b, ops, cmd, jobs, sum, &pr) : run_one_job(b, ops, cmd, sum, &pr);
	if (sum) {
		bool bad = fflush(sum) != 0 || ferror(sum);

		if (fclose(sum) != 0 || bad) {
			fprintf(stderr, "%s: --summary %s: write error\n", b->prog, b->summary_path);
			worst = EXIT_INTERNAL;
		}
	}
	return worst;
}
