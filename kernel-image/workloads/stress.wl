# stress.wl — stress.elf creates 200 Win32 processes through CreateProcessW, 8 at a
# time (`run stress.elf N` for another count).
run stress.elf 200
