# Sv57: see sfence.inc.
#define VM_MODE 10
#include "sfence.inc"
