# default.wl — the walking-skeleton workload: a clean program, then a faulting one.
run hello.elf
run fault.elf
run objects.elf
run child.elf
