# Sv39: see ad.inc.
#define VM_MODE 8
#include "ad.inc"
