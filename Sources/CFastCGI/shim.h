#include <fcgiapp.h>
#include <sys/prctl.h>
#include <signal.h>

/* prctl is variadic, which Swift cannot call: one prefixed line that can. */
static inline int agora_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0); }
