# Sv57: see mprv.inc.
#define VM_MODE 10
#include "mprv.inc"
