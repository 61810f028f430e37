# Sv39: see mprv.inc.
#define VM_MODE 8
#include "mprv.inc"
