#include "riscv/jit/block_shape.h"

#include <algorithm>

#include "riscv/decode.h"
#include "riscv/encoding.h"
#include "riscv/jit/fusion.h"
#include "riscv/jit/hooks.h"

namespace microvm::riscv::jit {

template <typename T>
void count_uses(uint32_t raw, T uses[32], T weight) {
  switch (enc::opcode(raw)) {
    case enc::op::kOp:
    case enc::op::kOp32: uses[enc::rs2(raw)] += weight; [[fallthrough]];
    case enc::op::kOpImm:
    case enc::op::kOpImm32:
    case enc::op::kLoad:
    case enc::op::kJalr: uses[enc::rs1(raw)] += weight; [[fallthrough]];
    case enc::op::kLui:
    case enc::op::kAuipc:
    case enc::op::kJal: uses[enc::rd(raw)] += weight; break;
    case enc::op::kStore:
    case enc::op::kBranch:
      uses[enc::rs1(raw)] += weight;
      uses[enc::rs2(raw)] += weight;
      break;
    default: break;
  }
}
template void count_uses<uint16_t>(uint32_t, uint16_t[32], uint16_t);
template void count_uses<uint32_t>(uint32_t, uint32_t[32], uint32_t);

bool BlockShape::add(int32_t pc_off, uint32_t raw) {
  starts.push_back(pc_off);
  raws.push_back(raw);
  const uint32_t op = enc::opcode(raw);
  const int32_t target = op == enc::op::kBranch ? pc_off + enc::imm_b(raw) : pc_off + enc::imm_j(raw);
  if (op == enc::op::kBranch || op == enc::op::kJal) branch_targets.push_back(target);
  if ((op == enc::op::kBranch && target >= 0 && target <= pc_off) || (op == enc::op::kJal && target == 0)) {
    loops.emplace_back(target, pc_off);
  }
  return op != enc::op::kJal && op != enc::op::kJalr;
}

bool BlockShape::resumes_at(int32_t next_pc_off) const {
  return std::find(branch_targets.begin(), branch_targets.end(), next_pc_off) != branch_targets.end();
}

BlockShape block_shape(Hart& hart, DecodedPage& page, size_t index) {
  BlockShape shape;
  int32_t pc_off = 0;
  for (unsigned count = 0; count < kMaxInsns && index < DecodedPage::kSlots; ++count) {
    const Insn& slot = page.insns[index];
    if (slot.fn == JitHooks::decode_slot_handler() && !JitHooks::decode_in_place(hart, page, index)) break;
    const bool straight_on = shape.add(pc_off, raw_bits(page, index, slot.len));
    index += slot.len / 2;
    pc_off += static_cast<int32_t>(slot.len);
    if (!straight_on && !shape.resumes_at(pc_off)) break;
  }
  return shape;
}

std::array<uint32_t, 32> loop_weighted_uses(const BlockShape& shape) {
  std::array<uint32_t, 32> uses{};
  for (size_t i = 0; i < shape.starts.size(); ++i) {
    unsigned depth = 0;
    for (const auto& [from, to] : shape.loops) depth += shape.starts[i] >= from && shape.starts[i] <= to;
    count_uses(shape.raws[i], uses.data(), 1u << (3 * std::min(depth, 4u)));
  }
  return uses;
}

std::vector<std::pair<unsigned, unsigned>> local_swaps(const BlockShape& shape,
                                                       const std::array<unsigned, 8>& mapped) {
  std::vector<std::pair<unsigned, unsigned>> swaps;
  if (shape.loops.empty()) return swaps;
  const std::array<uint32_t, 32> uses = loop_weighted_uses(shape);
  const auto is_mapped = [&mapped](unsigned r) {
    return std::find(mapped.begin(), mapped.end(), r) != mapped.end();
  };
  std::array<unsigned, 31> order;
  for (unsigned r = 1; r < 32; ++r) order[r - 1] = r;
  std::stable_sort(order.begin(), order.end(), [&uses](unsigned x, unsigned y) { return uses[x] > uses[y]; });
  std::vector<unsigned> wanted, spare;  // wanted: the most named first; spare: the least named first
  for (size_t i = 0; i < order.size(); ++i) {
    const unsigned r = order[i];
    const bool top = i < mapped.size() && uses[r] >= 2;
    if (top && !is_mapped(r)) wanted.push_back(r);
    if (!top && is_mapped(r)) spare.insert(spare.begin(), r);
  }
  for (size_t i = 0; i < wanted.size() && i < spare.size(); ++i) {
    if (uses[wanted[i]] > uses[spare[i]]) swaps.emplace_back(spare[i], wanted[i]);
  }
  return swaps;
}

std::vector<int32_t> inner_targets(const BlockShape& shape) {
  std::vector<int32_t> targets;
  for (int32_t t : shape.branch_targets) {
    if (t > 0 && std::binary_search(shape.starts.begin(), shape.starts.end(), t)) targets.push_back(t);
  }
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  return targets;
}

}  // namespace microvm::riscv::jit
