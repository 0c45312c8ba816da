# stress.wl — stress.elf creates Win32 processes through CreateProcessW, 8 at a time:
# 200, or N with boot option stress=N (`ntscope run --workload stress -b stress=N`).
run stress.elf
