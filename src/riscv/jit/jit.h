// The translator's face to the hart: guest blocks compiled to host code (x86-64, with asmjit),
// run in place of the interpreter's handler chain under the same execution contract
// (exec_common.h). docs/internals.md, "Translator", says how.
#pragma once

#include <cstddef>
#include <memory>

namespace microvm::riscv {

class Hart;
struct DecodedPage;

enum class JitMode : unsigned char {
  kOff,
  kOn,
  kAudit,  // every translated block also runs on the interpreter; the first difference stops the run
};

namespace jit {

class Jit {
 public:
  virtual ~Jit() = default;
  // Runs the block that starts at slot `index` of `page` (the hart's pc; run_block has counted
  // its first instruction). False: nothing ran, interpret it.
  virtual bool run(Hart& hart, DecodedPage& page, size_t index) = 0;
  // Drops every translation.
  virtual void forget() = 0;

  // Exact turns (time travel): a block is entered, from C++ or chained, only when the budget left
  // covers its instructions up to its first branch, and goes on past a not-taken branch only when
  // it covers those up to the next, so a turn never runs past its budget and ends where the
  // interpreter's one-at-a-time steps would. Switching drops every translation (each carries the
  // tests or not).
  void set_exact(bool on) {
    if (on == exact_) return;
    exact_ = on;
    forget();
  }
  bool exact() const { return exact_; }
  // Exact turns: the last run stopped inside a block, where the rest would not fit (the pc
  // follows a not-taken branch: run_block steps from there, a block does not start there).
  bool stopped_inside() const { return stopped_inside_; }

 protected:
  bool exact_ = false;
  bool stopped_inside_ = false;
};

// Whether this build has a translator for this host.
bool available();
// On, unless MICROVM_JIT=off is in the environment (to run a test suite both ways); --jit decides.
JitMode default_mode();
// Entries into a block before it is translated, by default (runtime.cpp says why).
constexpr unsigned kHotEntries = 64;
// The hart's translator, or null for JitMode::kOff or when there is none. `hot`: entries before
// a block is translated (0: MICROVM_JIT_HOT from the environment, else kHotEntries).
std::unique_ptr<Jit> make(Hart& hart, JitMode mode, unsigned hot = 0);

}  // namespace jit
}  // namespace microvm::riscv
