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
 *
 * A file of SPLIT_MIN_FILE bytes or more runs in parts cut at ST boundaries
 * (run_split, "one file in parts" below), when the command has run_part.
 */
#define _GNU_SOURCE /* fopencookie */
#include "batch.h"
#include "common.h"
#include "input.h"
#include "split.h"
#include "txset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SPOOL_MEM (256u * 1024)
/* One file in parts (run_split); REMEDI_SPLIT_PART and REMEDI_SPLIT_MIN set the first two (tests). */
#define PART_MIN (512u * 1024)        /* bytes between cuts */
#define SPLIT_MIN_FILE (8u << 20)     /* smaller files run whole */
#define PART_SPOOL_MEM (2u << 20)     /* a part's output kept in memory before it spills */
#define GZ_PART_MAX (4u << 20)        /* decoded bytes a gzip part may hold */
#define PART_READ (256u * 1024)

static uint64_t
env_bytes(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 10) : dflt;
}


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

/*
 * The cores this process may run on: its affinity mask (taskset, a cgroup
 * cpuset, a CI runner's limit), not every core the machine has online, so
 * that "-j" by default never puts two workers on one core.
 */
static unsigned long
usable_cores(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned long)CPU_COUNT(&set);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	return cores > 0 ? (unsigned long)cores : 1;
}

unsigned
cli_batch_jobs(const struct cli_batch *b)
{
	unsigned long jobs = b->jobs;

	bool large = false;

	if (b->max_one_job)
		return 1;
	for (size_t i = 0; b->split && i < b->nfiles && !large; i++)
		large = strcmp(b->files[i].path, "-") != 0 &&
			b->files[i].size >= env_bytes("REMEDI_SPLIT_MIN", SPLIT_MIN_FILE);
	if (b->nfiles < 2 && !large)
		return 1;
	if (jobs == 0)
		jobs = usable_cores();
	if (jobs > b->nfiles && !large)
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
	size_t mem_max;                /* bytes kept in memory before the spill (0: SPOOL_MEM) */
	uint64_t spilled;              /* bytes in the spill file */
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
	size_t done = 0, max = s->mem_max ? s->mem_max : SPOOL_MEM;

	if (s->fd < 0 && s->len + n <= max) {
		if (s->len + n > s->cap) {
			size_t cap = s->cap ? s->cap : 16384;
			char *m;

			while (cap < s->len + n)
				cap *= 2;
			if (cap > max)
				cap = max;
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
	s->spilled += n;
	return (ssize_t)n;
}

static FILE *
spool_open_max(struct spool *s, size_t mem_max)
{
	cookie_io_functions_t io = { .write = spool_write };
	FILE *f;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->mem_max = mem_max;
	if (!(f = fopencookie(s, "w", io)))
		return NULL;
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

static FILE *
spool_open(struct spool *s)
{
	return spool_open_max(s, 0);
}

/* Bytes written to s so far (after an fflush of its stream). */
static uint64_t
spool_pos(const struct spool *s)
{
	return s->len + s->spilled;
}

/*
 * Copies the first limit bytes of s to dst (NULL: drops it), then frees it;
 * false when reading the spill failed.
 */
static bool
spool_emit_max(struct spool *s, FILE *dst, uint64_t limit)
{
	bool ok = dst != NULL;
	size_t m = s->len < limit ? s->len : (size_t)limit;

	if (m && dst)
		fwrite(s->mem, 1, m, dst);
	limit -= m;
	if (s->fd >= 0) {
		char buf[1 << 16];
		ssize_t n;

		if (lseek(s->fd, 0, SEEK_SET) != 0)
			ok = false;
		while (ok && limit && (n = read(s->fd, buf, sizeof buf)) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				ok = false;
				break;
			}
			if ((uint64_t)n > limit)
				n = (ssize_t)limit;
			fwrite(buf, 1, (size_t)n, dst);
			limit -= (uint64_t)n;
		}
		close(s->fd);
	}
	free(s->mem);
	memset(s, 0, sizeof *s);
	s->fd = -1;
	return ok;
}

static bool
spool_emit(struct spool *s, FILE *dst)
{
	return spool_emit_max(s, dst, UINT64_MAX);
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
	size_t end;                    /* the files of this pool: [first, end) */
	size_t next;                   /* the next file to start */
	size_t emitted;                /* files written out (from first: the index of the next to write) */
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

		while (!p->stop && p->next < p->end && p->next >= p->emitted + p->window)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop || p->next >= p->end)
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
	 struct progress *pr, size_t first, size_t end, bool *stopped)
{
	struct pool p = { .b = b, .ops = ops, .cmd = cmd, .window = 2u * jobs, .end = end, .next = first,
			  .emitted = first };
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
	for (size_t i = first; i < end; i++) {
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
		if (sl->state != SLOT_DONE) {
			*stopped = true;
			break; /* stopped before it started */
		}
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
			p.stop = *stopped = true;
		pthread_cond_broadcast(&p.room);
		if (worst == EXIT_INTERNAL)
			break;
	}
	if (p.oom) {
		fprintf(stderr, "%s: out of memory\n", b->prog);
		worst = EXIT_INTERNAL;
		*stopped = true;
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

/* ------------------------------------------------------------------ one file in parts */

/*
 * One large file, cut at ST boundaries (parser/split.h) and its parts run
 * side by side.  The thread of cli_batch_run() reads the input, feeds the
 * splitter and makes a part at each cut: a plain file's part is a byte
 * range the worker reads itself (pread), a gzip part holds its decoded
 * bytes.  The last part runs to the end of the input; when the splitter
 * cannot cut any more (or a gzip part outgrows GZ_PART_MAX), the last part
 * starts at the last cut and reads on from the same input, streaming.  The
 * same thread writes the parts out in order as they are done (their output
 * and diagnostics spools, the diagnostics cut at --max-errors for the file),
 * folds their states (ops->merge) and ends the file (ops->finish).  At most
 * 2N parts are in flight.  A part whose stream stopped on a fatal error is
 * the file's last: the parts after it are dropped unwritten.
 */

enum part_state { PART_FREE, PART_READY, PART_RUNNING, PART_DONE };

struct cli_part {
	enum part_state pstate;
	size_t index;
	const char *path;
	int fd;                        /* a plain file, read with pread; -1 for gzip */
	uint64_t start, end;           /* the part's bytes */
	uint64_t st_end;               /* the next part's ST ends here (0: the last part, to the end of input) */
	uint64_t next_ordinal;         /* the segment ordinal of that ST */
	struct x12_split_state *cut;   /* NULL for the first part */
	char *buf;                     /* gzip: decoded bytes from start */
	size_t buf_len;
	bool buf_final;                /* buf ends the input */
	struct x12_input *in;          /* the last part of a gzip file that streams: the input after buf */
	bool read_failed;              /* the input failed after buf */
	struct x12_error read_err;

	FILE *out_f, *err_f;
	struct spool out, err;
	struct spool *diag_s;          /* the spool cli_part_diags() watches */
	FILE *diag_f;
	unsigned long diag_max;
	uint64_t *marks;               /* where each diagnostic shown ends in diag_s */
	size_t nmarks, capmarks;
	bool joined;                   /* not the last: the next part's ST came where the cut said */
	bool fatal;                    /* the stream stopped with a fatal error */
	bool broken;                   /* the resume failed, or out of memory */
	bool ok;
	void *state;                   /* the command's, ops->part_size bytes */
};

struct split_run {
	struct cli_batch *b;
	const struct cli_batch_ops *ops;
	void *cmd;
	pthread_mutex_t mu;
	pthread_cond_t ready;          /* a part to run, or the end: the workers wait on it */
	pthread_cond_t done;           /* a part is done: the main thread waits on it */
	struct cli_part *slots;        /* part k in slots[k % window] */
	size_t window;
	size_t created, next, emitted;
	bool all_created;
	size_t stop_after;             /* no part after this one runs (a fatal error, a failed run) */
	bool oom;
};

const char *
cli_part_path(const struct cli_part *p)
{
	return p->path;
}

static void
part_mark(void *ctx)
{
	struct cli_part *p = ctx;

	if (p->diag_max && p->nmarks >= p->diag_max)
		return;
	if (p->nmarks == p->capmarks) {
		size_t cap = p->capmarks ? p->capmarks * 2 : 128;
		uint64_t *m = realloc(p->marks, cap * sizeof *m);

		if (!m) {
			p->broken = true;
			return;
		}
		p->marks = m;
		p->capmarks = cap;
	}
	fflush(p->diag_f);
	p->marks[p->nmarks++] = spool_pos(p->diag_s);
}

void
cli_part_diags(struct cli_part *p, struct cli_diags *d)
{
	p->diag_max = d->max;
	if (!d->max || d->quiet)
		return; /* nothing to cut */
	p->diag_f = d->out;
	p->diag_s = d->out == p->out_f ? &p->out : d->out == p->err_f ? &p->err : NULL;
	if (!p->diag_s)
		return;
	d->shown_hook = part_mark;
	d->hook_ctx = p;
}

/* Feeds buf; false when the part is over (its end, a fatal error, the callback). */
static bool
part_feed(struct x12_records *rs, struct cli_part *p, const char *buf, size_t len, bool final, cli_record_fn fn,
	  void *ctx, struct cli_file_result *res)
{
	struct x12_record rec;
	enum x12_status st;

	x12_records_feed(rs, buf, len, final);
	while ((st = x12_records_next(rs, &rec)) == X12_EVENT) {
		if (p->st_end && rec.type == X12_REC_TXN_BEGIN && rec.txn->pos.offset >= p->end) {
			p->joined = rec.txn->pos.offset == p->end && rec.txn->pos.segment == p->next_ordinal;
			return false;
		}
		if (!fn(ctx, &rec))
			return false;
	}
	if (st == X12_ERROR) {
		res->fatal = p->fatal = true;
		res->fatal_err = *x12_records_error(rs);
		return false;
	}
	return st == X12_NEED_INPUT;
}

void
cli_records_part(struct x12_records *rs, struct cli_part *p, cli_record_fn fn, void *ctx, struct cli_file_result *res)
{
	uint64_t fed = 0, limit = p->st_end ? p->st_end - p->start : UINT64_MAX;
	char *rbuf = NULL;
	bool go = true;

	memset(res, 0, sizeof *res);
	if (!p->cut)
		x12_records_reset(rs);
	else if (x12_records_resume(rs, p->cut) != X12_OK) {
		p->broken = true;
		return;
	}
	if (p->fd < 0) {
		bool final = p->buf_final && !p->in;

		/* in the input's own 256 KiB steps: a fatal error then stops at the byte count of a whole run */
		while (go && fed < p->buf_len) {
			size_t n = PART_READ - (size_t)((p->start + fed) % PART_READ);

			if (n > p->buf_len - fed)
				n = p->buf_len - (size_t)fed;
			go = part_feed(rs, p, p->buf + fed, n, final && !p->read_failed && fed + n == p->buf_len, fn, ctx,
				       res);
			fed += n;
		}
		if (go && !p->buf_len)
			go = part_feed(rs, p, "", 0, final && !p->read_failed, fn, ctx, res);
		while (go && p->in) {
			const char *b;
			size_t n;
			enum x12_status rc = x12_input_read(p->in, &b, &n, &final, &res->fatal_err);

			if (rc == X12_ERROR) {
				res->fatal = p->fatal = true;
				go = false;
				break;
			}
			if (rc == X12_DONE)
				break;
			fed += n;
			go = part_feed(rs, p, b, n, final, fn, ctx, res);
		}
		if (go && p->read_failed) {
			res->fatal = p->fatal = true;
			res->fatal_err = p->read_err;
		}
	} else if (!(rbuf = malloc(PART_READ))) {
		p->broken = true;
	} else {
		while (go) {
			size_t step = PART_READ - (size_t)((p->start + fed) % PART_READ);
			size_t want = limit - fed < step ? (size_t)(limit - fed) : step;
			ssize_t n = want ? pread(p->fd, rbuf, want, (off_t)(p->start + fed)) : 0;

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				memset(&res->fatal_err, 0, sizeof res->fatal_err);
				res->fatal_err.code = X12_E_IO;
				res->fatal_err.pos.offset = p->start + fed;
				snprintf(res->fatal_err.msg, sizeof res->fatal_err.msg, "read error: %s", strerror(errno));
				res->fatal = p->fatal = true;
				break;
			}
			fed += (uint64_t)n;
			go = part_feed(rs, p, rbuf, (size_t)n, n == 0 && !p->st_end, fn, ctx, res);
			if (n == 0)
				break;
		}
		free(rbuf);
	}
	res->bytes = p->st_end && !p->fatal ? p->end - p->start : fed;
}

void
cli_part_progress(struct x12_records *rs, const struct cli_part *p, struct x12_end_info *out)
{
	x12_records_progress(rs, out);
	if (p->joined && out->sets)
		out->sets--; /* the next part's ST, read to see where this part ends, is the next part's */
}

static void
part_clear(struct cli_part *p)
{
	x12_split_state_free(p->cut);
	free(p->buf);
	free(p->marks);
	free(p->state);
	if (p->in)
		x12_input_close(p->in);
	memset(p, 0, sizeof *p);
	p->fd = -1;
}

static void *
split_worker(void *arg)
{
	struct split_run *r = arg;
	void *w = r->ops->worker_new(r->cmd);

	pthread_mutex_lock(&r->mu);
	if (!w) {
		r->oom = true;
		r->stop_after = 0;
		pthread_cond_broadcast(&r->done);
	}
	for (;;) {
		struct cli_part *p;
		bool ok;

		while (w && r->next <= r->stop_after && r->next >= r->created && !r->all_created)
			pthread_cond_wait(&r->ready, &r->mu);
		if (!w || r->next > r->stop_after || r->next >= r->created)
			break;
		p = &r->slots[r->next++ % r->window];
		p->pstate = PART_RUNNING;
		pthread_mutex_unlock(&r->mu);

		p->out_f = spool_open_max(&p->out, PART_SPOOL_MEM);
		p->err_f = spool_open_max(&p->err, PART_SPOOL_MEM);
		ok = p->out_f && p->err_f && r->ops->run_part(r->cmd, w, p, p->out_f, p->err_f, p->state);
		if (p->out_f && fclose(p->out_f) != 0)
			ok = false;
		if (p->err_f && fclose(p->err_f) != 0)
			ok = false;
		if (!p->out_f || !p->err_f)
			p->out.err = p->out.err ? p->out.err : ENOMEM;

		pthread_mutex_lock(&r->mu);
		p->ok = ok && !p->broken;
		p->pstate = PART_DONE;
		if ((!p->ok || p->fatal) && p->index < r->stop_after)
			r->stop_after = p->index;
		pthread_cond_broadcast(&r->done);
	}
	pthread_mutex_unlock(&r->mu);
	if (w)
		r->ops->worker_free(w);
	return NULL;
}

struct split_out {
	void *acc;
	unsigned long shown;           /* diagnostics written so far (--max-errors) */
	bool failed;                   /* the output failed, a part broke: stop */
	bool broken;                   /* parts did not join, a resume failed */
	bool fatal;                    /* the last part written stopped on a fatal error */
	uint64_t broken_at;
};

/* Writes out every part done in order (waiting for all of them when all is set). */
static void
split_emit(struct split_run *r, struct split_out *o, struct progress *pr, bool all)
{
	pthread_mutex_lock(&r->mu);
	while (r->emitted < r->created) {
		struct cli_part *p = &r->slots[r->emitted % r->window];
		bool keep;

		if (p->pstate != PART_DONE) {
			if (p->pstate == PART_READY && r->emitted > r->stop_after) {
				/* never to run */
			} else if (!all && !(r->created >= r->emitted + r->window)) {
				break;
			} else {
				pthread_cond_wait(&r->done, &r->mu);
				continue;
			}
		}
		keep = p->pstate == PART_DONE && p->index <= r->stop_after && !o->failed;
		pthread_mutex_unlock(&r->mu);

		if (keep) {
			uint64_t limit = UINT64_MAX;
			int spool_err = p->out.err ? p->out.err : p->err.err;
			bool ok;

			if (p->diag_s && p->diag_max) {
				unsigned long allow = o->shown >= p->diag_max ? 0 : p->diag_max - o->shown;

				if (p->nmarks > allow)
					limit = allow ? p->marks[allow - 1] : 0;
				o->shown += p->nmarks < allow ? p->nmarks : allow;
			}
			progress_clear(pr);
			ok = spool_emit_max(&p->out, stdout, p->diag_s == &p->out ? limit : UINT64_MAX);
			fflush(stdout);
			ok = spool_emit_max(&p->err, stderr, p->diag_s == &p->err ? limit : UINT64_MAX) && ok;
			fflush(stderr);
			if (spool_err || !ok) {
				fprintf(stderr, "%s: write error: output spool: %s\n", r->b->prog,
					strerror(spool_err ? spool_err : EIO));
				fflush(stderr);
				o->failed = true;
			} else if (!p->ok) {
				if (p->broken) {
					o->broken = true;
					o->broken_at = p->start;
				}
				o->failed = true;
			} else {
				r->ops->merge(r->cmd, o->acc, p->state);
				o->fatal = p->fatal;
				if (p->st_end && !p->fatal && !p->joined) {
					o->broken = o->failed = true;
					o->broken_at = p->end;
				}
			}
			if (!cli_output_check(r->b->prog, stdout))
				o->failed = true;
		} else {
			spool_emit(&p->out, NULL);
			spool_emit(&p->err, NULL);
		}
		part_clear(p);

		pthread_mutex_lock(&r->mu);
		if (o->failed && r->stop_after > r->emitted)
			r->stop_after = r->emitted;
		r->emitted++;
		pthread_cond_broadcast(&r->ready);
	}
	pthread_mutex_unlock(&r->mu);
}

/* Makes part k from its fields in *np (moved in); waits for room, writing parts out meanwhile. */
static bool
split_add(struct split_run *r, struct split_out *o, struct progress *pr, struct cli_part *np)
{
	struct cli_part *p;

	pthread_mutex_lock(&r->mu);
	while (r->created >= r->emitted + r->window) {
		pthread_mutex_unlock(&r->mu);
		split_emit(r, o, pr, false);
		pthread_mutex_lock(&r->mu);
	}
	p = &r->slots[r->created % r->window];
	*p = *np;
	p->index = r->created;
	p->pstate = PART_READY;
	r->created++;
	pthread_cond_broadcast(&r->ready);
	pthread_mutex_unlock(&r->mu);
	memset(np, 0, sizeof *np);
	np->fd = -1;
	return true;
}

static bool
split_stopped(struct split_run *r)
{
	bool stop;

	pthread_mutex_lock(&r->mu);
	stop = r->stop_after != SIZE_MAX;
	pthread_mutex_unlock(&r->mu);
	return stop;
}

/*
 * Runs file i in parts.  False when it could not even start (its input does
 * not open): the caller runs it whole, which reports why.
 */
static bool
run_split(struct cli_batch *b, const struct cli_batch_ops *ops, void *cmd, unsigned jobs, FILE *sum,
	  struct progress *pr, size_t i, int *worst, bool *stopped)
{
	const char *path = b->files[i].path;
	struct split_run r = { .b = b, .ops = ops, .cmd = cmd, .window = 2u * jobs, .stop_after = SIZE_MAX };
	struct split_out o = { 0 };
	struct cli_part np = { .fd = -1 };
	struct cli_file_summary s = { 0 };
	struct x12_input *in = NULL;
	struct x12_split *sp = NULL;
	struct x12_split_state *prev = NULL;
	struct x12_error err;
	pthread_t *th = NULL;
	unsigned started = 0;
	struct timespec t0;
	uint64_t part_start = 0, read_total = 0;
	char *pbuf = NULL;
	size_t plen = 0, pcap = 0;
	bool gz, final = false, handed = false, oom = false;
	int fd = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (x12_input_open(path, NULL, &in, &err) != X12_OK)
		return false;
	gz = x12_input_is_gzip(in);
	if ((!gz && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) ||
	    !(sp = x12_split_new(NULL, env_bytes("REMEDI_SPLIT_PART", PART_MIN), NULL))) {
		x12_input_close(in);
		x12_split_free(sp);
		if (fd >= 0)
			close(fd);
		return false;
	}
	r.slots = calloc(r.window, sizeof *r.slots);
	th = calloc(jobs, sizeof *th);
	o.acc = calloc(1, ops->part_size);
	if (!r.slots || !th || !o.acc) {
		oom = true;
		goto out;
	}
	for (size_t k = 0; k < r.window; k++)
		r.slots[k].fd = -1;
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.ready, NULL);
	pthread_cond_init(&r.done, NULL);
	for (unsigned k = 0; k < jobs; k++)
		if (pthread_create(&th[started], NULL, split_worker, &r) == 0)
			started++;
	if (!started) {
		fprintf(stderr, "%s: cannot start a worker thread\n", b->prog);
		*worst = EXIT_INTERNAL;
		*stopped = true;
		goto threads;
	}

	while (!final && !split_stopped(&r)) {
		const char *buf;
		size_t len;
		enum x12_status rc = x12_input_read(in, &buf, &len, &final, &err), st;
		const struct x12_split_state *cut;

		if (rc == X12_ERROR) {
			np.read_failed = true;
			np.read_err = err;
			break;
		}
		if (rc == X12_DONE) {
			buf = "";
			len = 0;
			final = true;
		}
		read_total += len;
		progress_show(pr, read_total, x12_input_raw_bytes(in));
		if (gz && len) {
			if (plen + len > pcap) {
				size_t cap = pcap ? pcap : PART_READ;
				char *m;

				while (cap < plen + len)
					cap *= 2;
				if (!(m = realloc(pbuf, cap))) {
					oom = true;
					break;
				}
				pbuf = m;
				pcap = cap;
			}
			memcpy(pbuf + plen, buf, len);
			plen += len;
		}
		x12_split_feed(sp, buf, len, final);
		while ((st = x12_split_next(sp, &cut)) == X12_EVENT) {
			np.path = path;
			np.fd = fd;
			np.start = part_start;
			np.end = cut->offset;
			np.st_end = cut->st_end;
			np.next_ordinal = cut->ordinal;
			np.cut = prev;
			prev = x12_split_state_dup(cut);
			np.state = calloc(1, ops->part_size);
			if (gz) {
				size_t keep = (size_t)(cut->offset - part_start), n = plen - keep;
				char *rest = malloc(n > PART_READ ? n : PART_READ);

				if (!rest) {
					oom = true;
					break;
				}
				memcpy(rest, pbuf + keep, n);
				np.buf = pbuf;
				np.buf_len = (size_t)(cut->st_end - part_start);
				pbuf = rest;
				plen = n;
				pcap = n > PART_READ ? n : PART_READ;
			}
			if (!prev || !np.state) {
				oom = true;
				break;
			}
			part_start = cut->offset;
			split_add(&r, &o, pr, &np);
		}
		if (oom)
			break;
		if (st == X12_ERROR || (gz && plen > GZ_PART_MAX)) {
			/* no further cut: the rest of the input is the last part's, streaming */
			handed = gz && !final;
			break;
		}
	}
	if (oom) {
		part_clear(&np);
		pthread_mutex_lock(&r.mu);
		r.stop_after = r.created ? r.created - 1 : 0;
		r.oom = true;
		pthread_mutex_unlock(&r.mu);
	} else if (!split_stopped(&r)) {
		np.path = path;
		np.fd = fd;
		np.start = part_start;
		np.cut = prev;
		prev = NULL;
		np.buf = pbuf;
		np.buf_len = plen;
		np.buf_final = final;
		pbuf = NULL;
		if (handed) {
			np.in = in;
			in = NULL;
		}
		if ((np.state = calloc(1, ops->part_size)) != NULL) {
			split_add(&r, &o, pr, &np);
		} else {
			part_clear(&np);
			oom = true;
		}
	} else {
		part_clear(&np);
	}
	pthread_mutex_lock(&r.mu);
	r.all_created = true;
	pthread_cond_broadcast(&r.ready);
	pthread_mutex_unlock(&r.mu);
	split_emit(&r, &o, pr, true);
threads:
	pthread_mutex_lock(&r.mu);
	r.all_created = true;
	r.stop_after = 0;
	pthread_cond_broadcast(&r.ready);
	pthread_mutex_unlock(&r.mu);
	for (unsigned k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	if (r.oom)
		oom = true;
	pthread_cond_destroy(&r.done);
	pthread_cond_destroy(&r.ready);
	pthread_mutex_destroy(&r.mu);
	if (started && !oom && !o.failed && r.emitted) {
		bool go = ops->finish(cmd, path, o.acc, stdout, stderr, &s);

		s.seconds = cli_seconds_since(&t0);
		s.size = b->files[i].size;
		if (o.fatal) {
			/* a whole run counts the input's 256 KiB reads up to the error: the same here */
			uint64_t up = (s.bytes + PART_READ - 1) / PART_READ * PART_READ;

			uint64_t cap = read_total > s.bytes ? read_total : s.bytes; /* a streaming last part read on */

			s.bytes = up < cap ? up : cap;
		}
		file_done(b, sum, pr, i, &s, worst);
		if (!go || !cli_output_check(b->prog, stdout)) {
			*worst = EXIT_INTERNAL;
			*stopped = true;
		}
	} else if (started) {
		if (o.broken)
			fprintf(stderr, "%s: %s: internal error: the parts of the file do not join at byte %llu\n",
				b->prog, path, (unsigned long long)o.broken_at);
		else if (oom)
			fprintf(stderr, "%s: out of memory\n", b->prog);
		*worst = EXIT_INTERNAL;
		*stopped = true;
	}
out:
	if (oom && !started) {
		fprintf(stderr, "%s: out of memory\n", b->prog);
		*worst = EXIT_INTERNAL;
		*stopped = true;
	}
	if (r.slots)
		for (size_t k = 0; k < r.window; k++)
			part_clear(&r.slots[k]);
	progress_clear(pr);
	free(r.slots);
	free(th);
	free(o.acc);
	free(pbuf);
	x12_split_state_free(prev);
	x12_split_free(sp);
	if (in)
		x12_input_close(in);
	if (fd >= 0)
		close(fd);
	return true;
}

void
cli_end_merge(struct x12_end_info *acc, const struct x12_end_info *part)
{
	acc->fatal = part->fatal;
	acc->error = part->error;
	acc->stats = part->stats;
	acc->claims += part->claims;
	acc->payments += part->payments;
	acc->remittances += part->remittances;
	acc->sets += part->sets;
	acc->rejected_sets += part->rejected_sets;
}

static bool
split_wanted(const struct cli_batch *b, const struct cli_batch_ops *ops, size_t i)
{
	return b->split && ops->run_part && strcmp(b->files[i].path, "-") != 0 &&
	       b->files[i].size >= env_bytes("REMEDI_SPLIT_MIN", SPLIT_MIN_FILE);
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
	if (jobs > 1) {
		bool stopped = false;

		worst = EXIT_CLEAN;
		for (size_t i = 0; i < b->nfiles && !stopped;) {
			size_t j = i;
			int w = EXIT_CLEAN;

			if (split_wanted(b, ops, i) && run_split(b, ops, cmd, jobs, sum, &pr, i, &w, &stopped)) {
				i++;
			} else {
				/* the files up to the next one to split, side by side (a file whose split could not start: alone) */
				while (++j < b->nfiles && !split_wanted(b, ops, j))
					;
				w = run_jobs(b, ops, cmd, j - i < jobs ? (unsigned)(j - i) : jobs, sum, &pr, i, j, &stopped);
				i = j;
			}
			if (w > worst)
				worst = w;
		}
	} else {
		worst = run_one_job(b, ops, cmd, sum, &pr);
	}
	if (sum) {
		bool bad = fflush(sum) != 0 || ferror(sum);

		if (fclose(sum) != 0 || bad) {
			fprintf(stderr, "%s: --summary %s: write error\n", b->prog, b->summary_path);
			worst = EXIT_INTERNAL;
		}
	}
	return worst;
}
