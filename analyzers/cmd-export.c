#include "config.h"
#include "analyzers/ntscope.h"
const char cmd_export_usage[] = "usage: ntscope export\n";
int cmd_export(int argc, char **argv) { return NTS_EXIT_FAIL; }
