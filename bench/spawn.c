/*
 * spawn.c - how long a command takes to run, start to exit, over many runs.
 *
 * A benchmark helper, not part of limber: fork, exec with output to
 * /dev/null, wait; timed with CLOCK_MONOTONIC. Prints the median, the 90th
 * percentile and the fastest run in milliseconds.
 * usage: spawn RUNS COMMAND [ARG]...
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	long runs;
	double *t;
	char *end;

	if (argc < 3 || (runs = strtol(argv[1], &end, 10)) < 1 || *end) {
		fprintf(stderr, "usage: spawn RUNS COMMAND [ARG]...\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof *t);
	if (t == NULL)
		return 1;
	for (long i = 0; i < runs; i++) {
		double start = now_ms();
		int status;
		pid_t pid = fork();

		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "spawn: %s failed\n", argv[2]);
			return 1;
		}
		t[i] = now_ms() - start;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp);
	printf("median %.3f ms  p90 %.3f ms  fastest %.3f ms  (%ld runs)\n",
	    t[runs / 2], t[runs * 9 / 10], t[0], runs);
	free(t);
	return 0;
}
