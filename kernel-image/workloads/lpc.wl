# lpc.wl — local procedure calls: ports, connections, requests and replies across
# address spaces, datagrams, termination ports, closed ports and hard errors (lpctest.elf,
# which starts lpcclient.elf).
run lpctest.elf
