// ntscope's Bochs instrument module: forwards CPU events to the tracer core named by
// $NTSCOPE_TRACE_LIB (see tracer.h). Bochs types stop here.

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bochs.h"
#include "cpu/cpu.h"
#include "pc_system.h"
#include "memory/memory-bochs.h"
#include "bxversion.h"
#include "gui/siminterface.h"
#include "param_names.h"
#include "tracer.h"

#if BX_INSTRUMENTATION

Bit32u nts_hot_lo = 0, nts_hot_span = 0, nts_pending = 0;
const Bit8u *nts_hot_filter;
static_assert(NTS_HOT_FILTER_BITS == 19, "instrument.h's probe masks NTS_HOT_BIT with 0x7FFFF");
extern bool bx_user_quit;
static const struct nts_tracer_api *tracer;
static const struct nts_hot *hot;
static bool opened;

static uint32_t shim_reg(void *, enum nts_reg r)
{
  BX_CPU_C *c = BX_CPU(0);
  switch (r) {
  case NTS_EAX: return c->get_reg32(BX_32BIT_REG_EAX);
  case NTS_ECX: return c->get_reg32(BX_32BIT_REG_ECX);
  case NTS_EDX: return c->get_reg32(BX_32BIT_REG_EDX);
  case NTS_EBX: return c->get_reg32(BX_32BIT_REG_EBX);
  case NTS_ESP: return c->get_reg32(BX_32BIT_REG_ESP);
  case NTS_EBP: return c->get_reg32(BX_32BIT_REG_EBP);
  case NTS_ESI: return c->get_reg32(BX_32BIT_REG_ESI);
  case NTS_EDI: return c->get_reg32(BX_32BIT_REG_EDI);
  case NTS_EIP: return (uint32_t) c->prev_rip;  // the faulting instruction during exception()
  case NTS_EFLAGS: return c->read_eflags();
  case NTS_CS: return c->sregs[BX_SEG_REG_CS].selector.value;
  case NTS_SS: return c->sregs[BX_SEG_REG_SS].selector.value;
  case NTS_CR0: return c->cr0.get32();
  case NTS_CR2: return (uint32_t) c->cr2;
  case NTS_CR3: return (uint32_t) c->cr3;
  default: return 0;
  }
}

// Host addresses of the guest's RAM frames above 1 MB, each looked up once: when the
// whole guest memory is in host memory (no overflow file; otherwise there is no table),
// a frame's block never moves, and ntscope's machine maps nothing else below the end
// of RAM. A frame that A20 folds onto another is looked up each time.
static const Bit8u **frame_host;

// The host address of the page at pa (page-aligned), or NULL if it has none.
static const Bit8u *host_page(bx_phy_address pa)
{
  Bit32u frame = (Bit32u) (pa >> 12);
  if (pa < 0x100000 || !frame_host || A20ADDR(pa) != pa)
    return BX_MEM(0)->getHostMemAddr(BX_CPU(0), pa, BX_READ);
  if (!frame_host[frame]) frame_host[frame] = BX_MEM(0)->getHostMemAddr(BX_CPU(0), pa, BX_READ);
  return frame_host[frame];
}

// Guest RAM is copied page by page from Bochs' host mapping (dbg_fetch_mem looks up
// every byte); what has no host mapping (MMIO, VGA) goes through dbg_fetch_mem.
static int shim_read_phys(void *, uint64_t pa, void *buf, uint32_t len)
{
  Bit8u *out = (Bit8u *) buf;
  if (pa + len > BX_MEM(0)->get_memory_len() || pa + len < pa) return -1;
  while (len) {
    Bit32u n = 0x1000 - (Bit32u) (pa & 0xfff);
    if (n > len) n = len;
    const Bit8u *host = host_page((bx_phy_address) pa & ~(bx_phy_address) 0xfff);
    if (host) memcpy(out, host + (pa & 0xfff), n);
    else if (!BX_MEM(0)->dbg_fetch_mem(BX_CPU(0), (bx_phy_address) pa, n, out)) return -1;
    pa += n, out += n, len -= n;
  }
  return 0;
}

static uint64_t shim_icount(void *) { return BX_CPU(0)->get_icount(); }

static void shim_request_stop(void *)
{
  bx_user_quit = 1;
  bx_pc_system.kill_bochs_request = 1;
  BX_CPU(0)->async_event = 1;
}

static const struct nts_cpu shim_cpu = {
  NULL, "Bochs " VERSION, shim_reg, shim_read_phys, shim_icount, shim_request_stop,
};

static void publish_hot(void)
{
  nts_hot_filter = hot ? hot->filter : NULL;
  nts_hot_lo = hot ? hot->lo : 0;
  nts_hot_span = hot && hot->filter ? hot->span : 0;
}

// Load the tracer named by $NTSCOPE_TRACE_LIB; without it, stay inert.
void bx_instr_init_env(void)
{
  const char *path = getenv("NTSCOPE_TRACE_LIB");
  if (!path || !*path) return;
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  typedef const struct nts_tracer_api *(*entry_fn)(void);
  entry_fn entry = lib ? (entry_fn) dlsym(lib, "nts_tracer_api") : NULL;
  if (!entry || entry()->abi != NTS_ABI_VERSION) {
    fprintf(stderr, "ntscope: cannot load tracer %s: %s\n", path, lib ? "not an ntscope tracer of this version" : dlerror());
    exit(3);
  }
  tracer = entry();
}

// Open the trace once the CPU and memory exist; a failure has already been reported.
void bx_instr_initialize(unsigned cpu)
{
  if (!tracer || opened || cpu != 0) return;
  if (SIM->get_param_num(BXPN_HOST_MEM_SIZE)->get() >= SIM->get_param_num(BXPN_MEM_SIZE)->get())
    frame_host = (const Bit8u **) calloc(BX_MEM(0)->get_memory_len() >> 12, sizeof *frame_host);
  if (tracer->open(&shim_cpu, &hot) != 0) exit(3);
  opened = true;
  publish_hot();
}

void bx_instr_exit_env(void)
{
  if (opened) tracer->close();
  opened = false;
  nts_hot_span = 0;
  free(frame_host);
  frame_host = NULL;
}

// The instruction at eip follows an armed branch, exception or interrupt: the
// per-instruction check of old, then the core.
void nts_shim_pending(Bit32u eip)
{
  nts_pending = 0;
  if (!nts_hot_at(eip)) return;
  tracer->exec(eip);
  publish_hot();
}

static enum nts_branch branch_kind(unsigned what)
{
  switch (what) {
  case BX_INSTR_IS_INT: return NTS_BR_INT;
  case BX_INSTR_IS_IRET: return NTS_BR_IRET;
  case BX_INSTR_IS_SYSENTER: return NTS_BR_SYSENTER;
  case BX_INSTR_IS_SYSEXIT: return NTS_BR_SYSEXIT;
  case BX_INSTR_IS_CALL: case BX_INSTR_IS_CALL_INDIRECT: return NTS_BR_CALL;
  case BX_INSTR_IS_RET: return NTS_BR_RET;
  case BX_INSTR_IS_JMP: case BX_INSTR_IS_JMP_INDIRECT: return NTS_BR_JMP;
  default: return NTS_BR_OTHER;
  }
}

void bx_instr_far_branch(unsigned cpu, unsigned what, Bit16u prev_cs, bx_address prev_eip,
                         Bit16u new_cs, bx_address new_eip)
{
  if (opened) tracer->far_branch(branch_kind(what), prev_cs, (uint32_t) prev_eip, new_cs, (uint32_t) new_eip);
  NTS_BRANCH_TO(new_eip);
}

void bx_instr_exception(unsigned cpu, unsigned vector, unsigned error_code)
{
  if (!opened) return;
  tracer->exception(vector, error_code);
  nts_pending = 1;
}

void bx_instr_hwinterrupt(unsigned cpu, unsigned vector, Bit16u cs, bx_address eip)
{
  if (!opened) return;
  tracer->hwinterrupt(vector, (uint32_t) eip);
  nts_pending = 1;
}

void bx_instr_tlb_cntrl(unsigned cpu, unsigned what, bx_phy_address new_cr3)
{
  if (opened && what == BX_INSTR_MOV_CR3) tracer->cr3((uint32_t) new_cr3);
}

void bx_instr_outp(Bit16u addr, unsigned len, unsigned val)
{
  if (opened) tracer->outp(addr, len, val);
}

#endif
