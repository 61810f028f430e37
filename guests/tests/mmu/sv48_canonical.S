# Sv48: see canonical.inc.
#define VM_MODE 9
#include "canonical.inc"
