// The one place instructions are counted (see the table in exec_common.h): a slot is counted when
// it is dispatched, given back when it retires nothing (it trapped, or is a sentinel past a page's
// end), and what a block retired is added to the hart's instret when it ends (Hart::run_block).
// The translator keeps `budget` in a host register while its code runs (jit/emitter.h).
#pragma once

#include <cstdint>

namespace microvm::riscv {

struct BlockCount {
  int64_t budget = 0;   // slots the block may still dispatch
  int64_t initial = 0;  // the budget it started with, less what stop() took away
  void start(uint64_t slots) { budget = initial = static_cast<int64_t>(slots); }
  void take() { --budget; }
  void give_back() { ++budget; }
  // Nothing more is dispatched; what was dispatched so far stays counted.
  void stop() {
    initial -= budget;
    budget = 0;
  }
  // stop() and later give the block `slots` more (a single step inside a block).
  void resume(int64_t slots) {
    budget += slots;
    initial += slots;
  }
  uint64_t retired() const { return static_cast<uint64_t>(initial - budget); }
};

}  // namespace microvm::riscv
