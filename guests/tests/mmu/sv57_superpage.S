# Sv57: see superpage.inc.
#define VM_MODE 10
#include "superpage.inc"
