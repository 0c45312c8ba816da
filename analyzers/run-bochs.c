/* Running Bochs for `ntscope run`: spawn it, relay the guest console, show progress. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyzers/run.h"

enum { OUT, ERR, PROGRESS, NSTREAMS };

struct monitor {
	struct bochs_run *r;
	FILE *log;
	int progress_shown;
	int banner;                 /* inside Bochs' start-up banner on stdout */
	int guest_spoke;            /* the guest has printed something */
	char line[NSTREAMS][512];   /* partial line per stream */
	size_t len[NSTREAMS];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Erase the progress line so other output starts on a clean line. */
static void clear_progress(struct monitor *m)
{
	if (m->progress_shown)
		fputs("\r\033[K", stderr);
	m->progress_shown = 0;
}

static void show_progress(struct monitor *m)
{
	if (!m->r->show_progress)
		return;
	fprintf(stderr, "\r\033[K  [%llu instructions, %llu events]",
		m->r->instructions, m->r->events);
	m->progress_shown = 1;
}

/* One complete line from Bochs: guest console, Bochs' own messages, or progress. */
static void take_line(struct monitor *m, int stream, char *s)
{
	struct bochs_run *r = m->r;

	if (stream == OUT && !m->guest_spoke && strncmp(s, "=====", 5) == 0) {
		m->banner = !m->banner;
		return;
	}
	if (stream == OUT && m->banner)
		return;
	if (stream == OUT) {
		m->guest_spoke = 1;
		if (strncmp(s, "*** STOP", 8) == 0)
			snprintf(r->stop_line, sizeof r->stop_line, "%s", s);
		if (!r->quiet) {
			clear_progress(m);
			printf("%s\n", s);
			fflush(stdout);
		}
	} else if (stream == ERR) {
		if (strstr(s, "Shutdown port: shutdown requested"))
			r->saw_shutdown = 1;
		if (strncmp(s, "ntscope: ", 9) == 0 && !r->tracer_error[0])
			snprintf(r->tracer_error, sizeof r->tracer_error, "%s", s + 9);
		if (m->log)
			fprintf(m->log, "%s\n", s);
	} else if (sscanf(s, "%llu %llu", &r->instructions, &r->events) == 2) {
		r->trace_open = 1;
		show_progress(m);
	}
}

/* Split what arrived on a stream into lines; long lines are cut, never lost. */
static void take_bytes(struct monitor *m, int stream, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = buf[i];
		if (c == '\r')
			continue;
		if (c == '\n' || m->len[stream] == sizeof m->line[0] - 1) {
			m->line[stream][m->len[stream]] = 0;
			take_line(m, stream, m->line[stream]);
			m->len[stream] = 0;
			if (c == '\n')
				continue;
		}
		m->line[stream][m->len[stream]++] = c;
	}
}

static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	got_sigint = 1;
}

/* In the child: wire the pipes, set the tracer's environment and exec Bochs, which
 * dies with ntscope (a killed ntscope leaves no emulator running) and has its own
 * process group (a terminal's Ctrl-C reaches ntscope, which passes it on). */
static void exec_bochs(struct bochs_run *r, int fds[NSTREAMS][2], pid_t parent)
{
	int i, progress = fcntl(fds[PROGRESS][1], F_DUPFD, 10);

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);

	dup2(fds[OUT][1], 1);
	dup2(fds[ERR][1], 2);
	for (i = 0; i < NSTREAMS; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	dup2(progress, 3);
	close(progress);
	for (i = 0; r->env[i]; i += 2)
		setenv(r->env[i], r->env[i + 1], 1);
	if (r->trace)
		setenv("NTSCOPE_PROGRESS_FD", "3", 1);
	execl(r->bochs, r->bochs, "-q", "-f", r->bochsrc, (char *)NULL);
	fprintf(stderr, "ntscope: cannot execute Bochs %s: %s\n", r->bochs, strerror(errno));
	_exit(127);
}

/* Drain every stream until Bochs closes them all; enforce the wall-clock timeout. */
static void monitor_loop(struct monitor *m, pid_t pid, int fds[NSTREAMS][2])
{
	struct pollfd pfd[NSTREAMS];
	double start = now();
	int i, open_streams = NSTREAMS;
	char buf[4096];

	for (i = 0; i < NSTREAMS; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i][0], .events = POLLIN };
	while (open_streams > 0) {
		if (poll(pfd, NSTREAMS, 200) < 0 && errno != EINTR)
			break;
		for (i = 0; i < NSTREAMS; i++) {
			ssize_t n;
			if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pfd[i].fd, buf, sizeof buf);
			if (n > 0) {
				take_bytes(m, i, buf, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_streams--;
			}
		}
		if (got_sigint == 1 && (!m->r->trace || m->r->trace_open)) {
			got_sigint = 2;
			m->r->interrupted = 1;
			kill(pid, SIGINT);
		}
		if (m->r->timeout > 0 && !m->r->timed_out && now() - start > m->r->timeout) {
			m->r->timed_out = 1;
			kill(pid, SIGKILL);
		}
	}
}

int bochs_run(struct bochs_run *r)
{
	struct monitor m = { .r = r };
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	int fds[NSTREAMS][2], i, status = 0;
	pid_t pid, self = getpid();

	for (i = 0; i < NSTREAMS; i++)
		if (pipe(fds[i]) != 0)
			return -1;
	m.log = fopen(r->logfile, "w");
	got_sigint = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	pid = fork();
	if (pid < 0) {
		sigaction(SIGINT, &old, NULL);
		return -1;
	}
	if (pid == 0)
		exec_bochs(r, fds, self);
	for (i = 0; i < NSTREAMS; i++)
		close(fds[i][1]);
	monitor_loop(&m, pid, fds);
	for (i = 0; i < NSTREAMS; i++)
		if (m.len[i])
			take_bytes(&m, i, "\n", 1);
	clear_progress(&m);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old, NULL);
	if (got_sigint)
		r->interrupted = 1;
	r->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (m.log)
		fclose(m.log);
	return 0;
}
