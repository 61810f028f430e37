# Sv48: see invalid_pte.inc.
#define VM_MODE 9
#include "invalid_pte.inc"
