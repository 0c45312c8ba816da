#include "config.h"
#include "analyzers/ntscope.h"
const char cmd_report_usage[] = "usage: ntscope report\n";
int cmd_report(int argc, char **argv) { return NTS_EXIT_FAIL; }
