# Sv39: see canonical.inc.
#define VM_MODE 8
#include "canonical.inc"
