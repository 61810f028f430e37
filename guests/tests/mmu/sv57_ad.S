# Sv57: see ad.inc.
#define VM_MODE 10
#include "ad.inc"
