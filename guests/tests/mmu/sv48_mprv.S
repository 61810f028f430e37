# Sv48: see mprv.inc.
#define VM_MODE 9
#include "mprv.inc"
