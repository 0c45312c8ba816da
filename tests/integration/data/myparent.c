/* A user program built by the user-program test with `ntscope cc`: CreateProcessW of
 * win32child.elf with exit code 7, wait, check the code. */
#include <windows.h>

int main(int argc, char **argv)
{
	STARTUPINFOW si = { sizeof si };
	PROCESS_INFORMATION pi;
	DWORD code = 0;
	WCHAR cmd[] = L"win32child.elf 7";

	if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
		Print("myparent: CreateProcessW failed: %lu\n", GetLastError());
		return 1;
	}
	WaitForSingleObject(pi.hProcess, INFINITE);
	GetExitCodeProcess(pi.hProcess, &code);
	Print("myparent: child exited with %lu\n", code);
	return code == 7 ? 0 : 1;
}
