# Sv39: see sfence.inc.
#define VM_MODE 8
#include "sfence.inc"
