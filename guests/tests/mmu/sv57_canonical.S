# Sv57: see canonical.inc.
#define VM_MODE 10
#include "canonical.inc"
