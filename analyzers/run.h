/* run.h — the pieces of `ntscope run`. */
#ifndef NTSCOPE_RUN_H
#define NTSCOPE_RUN_H

/* One Bochs run: inputs, then what was observed. */
struct bochs_run {
	const char *bochs;          /* executable */
	const char *bochsrc;
	const char *logfile;        /* Bochs' own messages go here */
	const char **env;           /* NAME, VALUE, ..., NULL: the tracer's settings */
	int trace;                  /* tracer enabled (progress pipe) */
	int quiet;                  /* do not echo the guest console */
	int show_progress;          /* draw the progress line on stderr */
	double timeout;             /* wall-clock seconds, 0 = none */

	int exit_status;
	int timed_out;
	int interrupted;            /* SIGINT came: it was passed on to Bochs */
	int trace_open;             /* the tracer has reported progress: SIGINT is safe */
	int saw_shutdown;           /* Bochs reported the guest's shutdown-port power-off */
	unsigned long long instructions, events;
	char stop_line[256];        /* the guest's "*** STOP" bugcheck line, if any */
	char tracer_error[512];     /* the tracer's own error line, if any */
};

/* Run Bochs to completion; -1 if it could not be started. */
int bochs_run(struct bochs_run *r);

#endif
