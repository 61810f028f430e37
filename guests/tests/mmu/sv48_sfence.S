# Sv48: see sfence.inc.
#define VM_MODE 9
#include "sfence.inc"
