# Sv39: see perm.inc.
#define VM_MODE 8
#include "perm.inc"
