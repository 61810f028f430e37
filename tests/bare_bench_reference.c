// Runs a bare-metal benchmark workload (guests/bare-bench) on the host and prints its checksum:
// the value the guest must print for the same round count. Usage: bare_bench_reference_NAME ROUNDS
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s ROUNDS\n", argv[0]);
    return 2;
  }
  char* end;
  const unsigned long rounds = strtoul(argv[1], &end, 0);
  if (*end != 0 || rounds > 0xFFFFFFFFul) {
    fprintf(stderr, "%s: bad round count '%s'\n", argv[0], argv[1]);
    return 2;
  }
  printf("%s: iterations %lu checksum 0x%08x\n", workload_name, rounds, (unsigned)workload_run((uint32_t)rounds));
  return 0;
}
