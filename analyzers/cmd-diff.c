#include "config.h"
#include "analyzers/ntscope.h"
const char cmd_diff_usage[] = "usage: ntscope diff\n";
int cmd_diff(int argc, char **argv) { return NTS_EXIT_FAIL; }
