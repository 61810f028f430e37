# Sv48: see perm.inc.
#define VM_MODE 9
#include "perm.inc"
