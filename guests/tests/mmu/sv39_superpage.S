# Sv39: see superpage.inc.
#define VM_MODE 8
#include "superpage.inc"
