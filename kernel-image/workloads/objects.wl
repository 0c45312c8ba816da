# objects.wl — handles, the namespace, virtual memory, files, sections and process
# creation from user mode (objects.elf), then child.elf run by the workload itself.
run objects.elf
run child.elf
