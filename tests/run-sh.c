/*
 * run-sh.c - runs a test script: run-sh SCRIPT ARGS... = /bin/sh SCRIPT ARGS...
 *
 * A compiled launcher, so that under the valgrind test setup valgrind checks
 * this program (which allocates nothing) and not the shell: valgrind does
 * not follow exec, and /bin/sh's own allocations would read as leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	static char sh[] = "sh";

	if (argc < 2) {
		fputs("usage: run-sh SCRIPT [ARG...]\n", stderr);
		return 2;
	}
	argv[0] = sh;
	execv("/bin/sh", argv);
	perror("run-sh: /bin/sh");
	return 127;
}
