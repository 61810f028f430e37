// The disk (spec §3): an image file, command ports 0x10-0x14, and a worker thread that performs
// each READ/WRITE as an asynchronous DMA between the file and physical RAM, then signals INT 2.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace microvm::lamp {

namespace disk {
constexpr unsigned kPortCmd = 0x10, kPortLba = 0x11, kPortMem = 0x12, kPortCount = 0x13, kPortStatus = 0x14;
constexpr uint32_t kCmdRead = 1, kCmdWrite = 2;
constexpr uint32_t kSectorSize = 512;
constexpr uint64_t kCompatImageSize = 512ull << 20;  // what `lampvm` creates as ./disk.img
}  // namespace disk

class Disk {
 public:
  // complete: raises the disk vector on core 0 (called on the worker thread).
  Disk(uint8_t* ram, uint32_t ram_size, std::function<void()> complete);
  ~Disk();
  Disk(const Disk&) = delete;
  Disk& operator=(const Disk&) = delete;

  // Opens an existing image read-write; a missing or unreadable file is a UserError.
  void open(const std::string& path);
  // The original's behaviour for ./disk.img: create (sparse) and size it when missing, printing
  // "[Disk] Creating new image: ...".
  void open_or_create(const std::string& path, uint64_t size);

  uint64_t size_bytes() const { return size_; }
  bool busy() const;

  // A command written to DISK_CMD with the current LBA/MEM/COUNT port values; ignored while busy.
  // Without an image every command completes at once without transferring.
  void command(uint32_t cmd, uint32_t lba, uint32_t mem, uint32_t count);

  void stop();  // finishes the current transfer, then ends the worker
  // Waits until no transfer is under way and the last one's completion was raised (a snapshot of
  // a running machine is taken then, with the cores stopped so that none can start another).
  void wait_idle();

 private:
  struct Request {
    uint32_t cmd, lba, mem, count;
  };
  void worker();
  void transfer(const Request& r);

  uint8_t* ram_;
  uint32_t ram_size_;
  std::function<void()> complete_;
  int fd_ = -1;
  uint64_t size_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool busy_ = false;
  bool working_ = false;  // from a command's acceptance until its completion was raised
  bool has_request_ = false;
  bool stopping_ = false;
  Request request_{};
  std::thread thread_;
};

}  // namespace microvm::lamp
