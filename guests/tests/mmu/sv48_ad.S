# Sv48: see ad.inc.
#define VM_MODE 9
#include "ad.inc"
