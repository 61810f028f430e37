# Sv48: see superpage.inc.
#define VM_MODE 9
#include "superpage.inc"
