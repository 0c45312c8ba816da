# bugcheck.wl — a manually initiated crash, as NT's CrashOnCtrlScroll.
bugcheck 0xE2
