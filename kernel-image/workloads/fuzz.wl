# fuzz.wl — random system calls (fuzz.elf, three threads each) from two processes in
# turn: bad handles, bad and kernel pointers, huge lengths. The kernel must stay up and
# answer every call with a status.
run fuzz.elf
run fuzz.elf
