// The interface between a benchmark workload (portable C: built for the guest and, as the checksum
// reference, for the host) and the bare-metal main that times it.
#pragma once

#include <stdint.h>

// The workload's name as printed ("coremark-like").
extern const char workload_name[];
// Runs `iterations` rounds and returns a checksum of every result, independent of addresses and
// of time.
uint32_t workload_run(uint32_t iterations);

// CRC-16/CCITT of one 32-bit value folded into `crc` (both workloads checksum with it).
static inline uint16_t crc16_word(uint32_t value, uint16_t crc) {
  for (int byte = 0; byte < 4; byte++) {
    crc ^= (uint16_t)(((value >> (8 * byte)) & 0xFF) << 8);
    for (int bit = 0; bit < 8; bit++) crc = (uint16_t)((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}
