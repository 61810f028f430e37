# Sv39: see invalid_pte.inc.
#define VM_MODE 8
#include "invalid_pte.inc"
