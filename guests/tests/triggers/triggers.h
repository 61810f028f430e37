# Sdtrig tdata1 fields (debug spec 1.0, 5.7): mcontrol (type 2) and mcontrol6 (type 6).
#define MC_TYPE2 (2 << 60)
#define MC_TYPE6 (6 << 60)
#define MC_TYPE_DISABLED (15 << 60)
#define MC_DMODE (1 << 59)
#define MC_LOAD 0x1
#define MC_STORE 0x2
#define MC_EXECUTE 0x4
#define MC_U 0x8
#define MC_S 0x10
#define MC_M 0x40
#define MC_MATCH_GE (2 << 7)
#define MC_MATCH_LT (3 << 7)
#define MC_CHAIN (1 << 11)
#define MC_ACTION_DEBUG (1 << 12)
#define MC6_SIZE_8BIT (1 << 16)
#define MC6_SIZE_32BIT (3 << 16)
#define TCONTROL_MTE 0x8
#define TCONTROL_MPTE 0x80
