// A CoreMark-style workload written for this project: each round builds and reworks a linked list
// (find, reverse, merge sort), multiplies small integer matrices, runs a number-scanning state
// machine over generated text, and folds every result into a CRC-16. Portable C: the host build of
// this file is the checksum reference (tests/e2e/test_bare_bench.py).
#include <stdint.h>

#include "bench.h"

const char workload_name[] = "coremark-like";

// ---- a small pseudo-random generator (a 32-bit xorshift), seeded per round ----
static uint32_t next_random(uint32_t* state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

// ---- list processing ----
#define LIST_NODES 96

struct node {
  struct node* next;
  int16_t key;
  int16_t value;
};

static struct node pool[LIST_NODES];

static struct node* list_build(uint32_t* seed) {
  struct node* head = 0;
  for (int i = 0; i < LIST_NODES; i++) {
    struct node* n = &pool[i];
    const uint32_t r = next_random(seed);
    n->key = (int16_t)(i * 7 % LIST_NODES);
    n->value = (int16_t)(r & 0x7FFF) - 0x4000;
    n->next = head;
    head = n;
  }
  return head;
}

static struct node* list_find(struct node* head, int16_t key) {
  while (head && head->key != key) head = head->next;
  return head;
}

static struct node* list_reverse(struct node* head) {
  struct node* done = 0;
  while (head) {
    struct node* next = head->next;
    head->next = done;
    done = head;
    head = next;
  }
  return done;
}

// Bottom-up merge sort by (value, key): runs of width 1, 2, 4, ... merged in place.
static struct node* list_sort(struct node* head) {
  for (int width = 1;; width *= 2) {
    struct node* rest = head;
    struct node* tail = 0;
    head = 0;
    int merges = 0;
    while (rest) {
      merges++;
      struct node* a = rest;
      int a_len = 0;
      while (rest && a_len < width) {
        rest = rest->next;
        a_len++;
      }
      struct node* b = rest;
      int b_len = 0;
      while (rest && b_len < width) {
        rest = rest->next;
        b_len++;
      }
      while (a_len > 0 || b_len > 0) {
        struct node* take;
        if (b_len == 0 || (a_len > 0 && (a->value < b->value || (a->value == b->value && a->key <= b->key)))) {
          take = a;
          a = a->next;
          a_len--;
        } else {
          take = b;
          b = b->next;
          b_len--;
        }
        if (tail) {
          tail->next = take;
        } else {
          head = take;
        }
        tail = take;
      }
    }
    if (tail) tail->next = 0;
    if (merges <= 1) return head;
  }
}

static uint16_t list_round(uint32_t* seed, uint16_t crc) {
  struct node* head = list_build(seed);
  for (int16_t key = 0; key < 16; key++) {
    const struct node* found = list_find(head, (int16_t)(key * 5));
    crc = crc16_word(found ? (uint32_t)(uint16_t)found->value : 0xFFFFFFFFu, crc);
  }
  head = list_reverse(head);
  head = list_sort(head);
  int position = 0;
  for (const struct node* n = head; n; n = n->next, position++) {
    if ((position & 7) == 0) crc = crc16_word((uint32_t)(uint16_t)n->value ^ ((uint32_t)n->key << 16), crc);
  }
  return crc;
}

// ---- matrix processing ----
#define DIM 12

static int16_t mat_a[DIM][DIM], mat_b[DIM][DIM];
static int32_t mat_c[DIM][DIM];

static uint16_t matrix_round(uint32_t* seed, uint16_t crc) {
  for (int i = 0; i < DIM; i++) {
    for (int j = 0; j < DIM; j++) {
      const uint32_t r = next_random(seed);
      mat_a[i][j] = (int16_t)((r & 0xFFF) - 0x800);
      mat_b[i][j] = (int16_t)(((r >> 12) & 0xFFF) - 0x800);
    }
  }
  // C = A x B, then C += k, then a column sum with the high and low bits mixed in.
  for (int i = 0; i < DIM; i++) {
    for (int j = 0; j < DIM; j++) {
      int32_t sum = 0;
      for (int k = 0; k < DIM; k++) sum += (int32_t)mat_a[i][k] * mat_b[k][j];
      mat_c[i][j] = sum;
    }
  }
  const int32_t k = (int32_t)(*seed & 0xFF);
  for (int i = 0; i < DIM; i++) {
    for (int j = 0; j < DIM; j++) mat_c[i][j] += k;
  }
  for (int j = 0; j < DIM; j++) {
    uint32_t column = 0;
    for (int i = 0; i < DIM; i++) column += ((uint32_t)mat_c[i][j] >> 4) ^ ((uint32_t)mat_c[i][j] & 0xF);
    crc = crc16_word(column, crc);
  }
  return crc;
}

// ---- state machine: classify comma-separated tokens as integers, decimals, exponents or invalid ----
enum state { START, SIGN, INTEGER, POINT, FRACTION, EXP, EXP_SIGN, EXPONENT, INVALID, STATES };

#define TEXT 192
static char text[TEXT + 1];

static void text_build(uint32_t* seed) {
  static const char alphabet[] = "0123456789+-.eE,x";
  for (int i = 0; i < TEXT; i++) text[i] = alphabet[next_random(seed) % (sizeof alphabet - 1)];
  text[TEXT] = 0;
}

static enum state step(enum state s, char c) {
  const int digit = c >= '0' && c <= '9';
  switch (s) {
    case START:
      if (digit) return INTEGER;
      if (c == '+' || c == '-') return SIGN;
      if (c == '.') return POINT;
      return INVALID;
    case SIGN:
      if (digit) return INTEGER;
      if (c == '.') return POINT;
      return INVALID;
    case INTEGER:
      if (digit) return INTEGER;
      if (c == '.') return POINT;
      if (c == 'e' || c == 'E') return EXP;
      return INVALID;
    case POINT:
    case FRACTION:
      if (digit) return FRACTION;
      if (c == 'e' || c == 'E') return EXP;
      return INVALID;
    case EXP:
      if (c == '+' || c == '-') return EXP_SIGN;
      if (digit) return EXPONENT;
      return INVALID;
    case EXP_SIGN:
    case EXPONENT: return digit ? EXPONENT : INVALID;
    default: return INVALID;
  }
}

static uint16_t state_round(uint32_t* seed, uint16_t crc) {
  text_build(seed);
  uint32_t finals[STATES] = {0};
  uint32_t transitions = 0;
  enum state s = START;
  for (const char* p = text; *p; p++) {
    if (*p == ',') {
      finals[s]++;
      s = START;
      continue;
    }
    const enum state next = step(s, *p);
    if (next != s) transitions++;
    s = next;
  }
  finals[s]++;
  for (int k = 0; k < STATES; k++) crc = crc16_word(finals[k], crc);
  return crc16_word(transitions, crc);
}

uint32_t workload_run(uint32_t iterations) {
  uint16_t crc = 0;
  uint32_t all = 0;
  for (uint32_t round = 0; round < iterations; round++) {
    uint32_t seed = 0x9E3779B9u ^ (round * 0x85EBCA6Bu);
    if (seed == 0) seed = 1;
    crc = list_round(&seed, crc);
    crc = matrix_round(&seed, crc);
    crc = state_round(&seed, crc);
    all = (all << 5 | all >> 27) ^ crc;
  }
  return all;
}
