# Sv57: see invalid_pte.inc.
#define VM_MODE 10
#include "invalid_pte.inc"
