// A Dhrystone-style workload written for this project: each round copies and updates records
// through pointers, compares and copies short strings, walks 1-D and 2-D integer arrays and mixes
// integer arithmetic with enums and small procedure calls. Portable C: the host build of this file
// is the checksum reference (tests/e2e/test_bare_bench.py).
#include <stdint.h>

#include "bench.h"

const char workload_name[] = "dhrystone-like";

enum colour { RED, GREEN, BLUE, YELLOW };

struct record {
  struct record* link;
  enum colour colour;
  uint32_t number;
  uint32_t weight;
  char label[24];
};

static struct record records[4];
static int32_t table[40];
static int32_t grid[20][20];
static char text_a[32], text_b[32];

// Kept out of line, like the small procedures of a Dhrystone-style mix.
#define PROCEDURE __attribute__((noinline))

static void copy_string(char* dst, const char* src) {
  while ((*dst++ = *src++) != 0) {
  }
}

PROCEDURE static int compare_strings(const char* a, const char* b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

PROCEDURE static enum colour next_colour(enum colour c, uint32_t n) {
  switch (c) {
    case RED: return n > 10 ? GREEN : BLUE;
    case GREEN: return YELLOW;
    case BLUE: return n & 1 ? RED : YELLOW;
    default: return RED;
  }
}

PROCEDURE static void update_record(struct record* r, uint32_t amount) {
  struct record* other = r->link;
  struct record* const keep = other->link;
  *other = *r;  // a whole-record copy
  other->link = keep;
  other->number = r->number + amount;
  other->weight = other->weight * 3 - amount;
  other->colour = next_colour(r->colour, other->number);
  other->label[0] = (char)('A' + (other->number & 15));
  if (other->weight & 0x100) r->link = keep;  // a record may skip one ahead
  if (r->link == r) r->link = other;
}

PROCEDURE static int32_t arithmetic(int32_t a, int32_t b) {
  int32_t c = a * b + 7;
  c = c / (b | 1) + a % 13;
  c = (c << 2) - (a >> 1);
  return c ^ (b * 5);
}

PROCEDURE static void fill_arrays(int32_t base, int32_t index) {
  table[index] = base;
  table[index + 1] = table[index];
  table[index + 20] = index;
  for (int k = index; k <= index + 1; k++) grid[index % 20][k % 20] = index;
  grid[index % 20][(index - 1 + 20) % 20] += 1;
  grid[(index + 10) % 20][index % 20] = table[index];
}

uint32_t workload_run(uint32_t iterations) {
  for (int k = 0; k < 4; k++) {
    records[k].link = &records[(k + 1) % 4];
    records[k].colour = (enum colour)k;
    records[k].number = 40 + k;
    records[k].weight = k;
    copy_string(records[k].label, "RECORD, THE FIRST STRING");
  }
  copy_string(text_a, "DHRYSTONE-LIKE, 1ST STRING");
  uint16_t crc = 0;
  uint32_t all = 0;
  for (uint32_t round = 0; round < iterations; round++) {
    int32_t a = (int32_t)(round & 0xFF) + 2, b = 3;
    copy_string(text_b, round & 1 ? "DHRYSTONE-LIKE, 2ND STRING" : "DHRYSTONE-LIKE, 1ST STRING");
    const int same = compare_strings(text_a, text_b) == 0;
    for (int inner = 0; inner < 8; inner++) {
      struct record* r = &records[inner & 3];
      update_record(r, (uint32_t)(a + inner));
      const int32_t c = arithmetic(a + inner, b);
      fill_arrays(c, (a + inner) % 18);
      a += same ? 1 : 2;
      b = c & 0x3F;
      text_b[inner] = (char)('a' + (b & 15));
    }
    uint32_t sum = 0;
    for (int k = 0; k < 4; k++) sum += records[k].number ^ records[k].weight ^ (uint32_t)records[k].colour;
    sum += (uint32_t)table[(round % 18)] + (uint32_t)grid[round % 20][(round * 3) % 20];
    sum += (uint32_t)compare_strings(text_a, text_b);
    crc = crc16_word(sum, crc);
    all = (all << 3 | all >> 29) ^ crc;
  }
  return all;
}
