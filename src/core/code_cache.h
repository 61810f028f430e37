// Memory for translated code (the RISC-V and the lamp translators). One memfd mapped twice: a
// read+write view the translator copies code into and a read+execute view the code runs from, so
// no page is ever writable and executable at once. The size is fixed; when it is full the owner flushes it
// whole (every translation goes), so a guest that keeps rewriting its code cannot make it grow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace microvm {

class CodeCache {
 public:
  explicit CodeCache(size_t capacity);
  ~CodeCache();
  CodeCache(const CodeCache&) = delete;
  CodeCache& operator=(const CodeCache&) = delete;

  bool ok() const { return exec_ != nullptr; }
  const std::string& error() const { return error_; }

  struct Space {
    uint8_t* write = nullptr;       // where to copy the code
    const uint8_t* exec = nullptr;  // where it will run (the address to relocate to)
  };
  // `size` bytes (16-aligned), or nulls when the cache is full.
  Space allocate(size_t size);
  // Forgets everything allocated since keep(); the caller drops its pointers into it first.
  void flush();
  // What is allocated so far stays through flushes (the code every block shares).
  void keep() { kept_ = used_; }
  // Forgets everything, what keep() kept too.
  void reset() { used_ = kept_ = 0; }

  size_t used() const { return used_; }
  size_t capacity() const { return capacity_; }
  uint64_t flushes() const { return flushes_; }
  const uint8_t* exec_base() const { return exec_; }
  // The writable view of allocated code at `exec` (to patch it while nothing runs it).
  uint8_t* writable(const uint8_t* exec) const { return write_ + (exec - exec_); }
  const uint8_t* write_base() const { return write_; }

 private:
  size_t capacity_;
  void populate(size_t end);
  size_t used_ = 0;
  size_t kept_ = 0;
  size_t populated_ = 0;  // the pages before this are mapped in both views
  bool populate_refused_ = false;
  uint64_t flushes_ = 0;
  uint8_t* write_ = nullptr;
  uint8_t* exec_ = nullptr;
  std::string error_;
};

}  // namespace microvm
