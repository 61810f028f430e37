# Sv57: see perm.inc.
#define VM_MODE 10
#include "perm.inc"
