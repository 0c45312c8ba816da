# threads.wl — threads, waits, APCs, suspension and preemption from user mode.
run threads.elf
