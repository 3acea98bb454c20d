// RadixHeap: a monotone priority queue for integer keys (Ahuja, Mehlhorn, Orlin & Tarjan): pops
// never go below the last popped key, which is exactly Dijkstra's access pattern with
// non-negative integer weights. Amortised O(log C) per item, sequential memory access, and
// buckets keep their capacity across clear() so repeated bounded searches allocate nothing.
// Not thread-safe; use one per thread.
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace weilai::graph {

template <class Key>
class RadixHeap {
  static_assert(std::is_unsigned_v<Key>);
  static constexpr int kBits = std::numeric_limits<Key>::digits;

 public:
  using Item = std::pair<Key, uint32_t>;

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

  // key must be >= the last popped key.
  void push(Key key, uint32_t value) {
    assert(key >= last_);
    buckets_[bucket_of(key)].emplace_back(key, value);
    ++size_;
  }

  Item pop() {
    assert(size_ > 0);
    if (buckets_[0].empty()) {
      int i = 1;
      while (buckets_[i].empty()) ++i;
      Key m = std::numeric_limits<Key>::max();
      for (const auto& it : buckets_[i]) m = it.first < m ? it.first : m;
      last_ = m;
      for (const auto& it : buckets_[i]) buckets_[bucket_of(it.first)].push_back(it);
      buckets_[i].clear();
    }
    Item it = buckets_[0].back();
    buckets_[0].pop_back();
    --size_;
    return it;
  }

  void clear() {
    for (auto& b : buckets_) b.clear();
    last_ = 0;
    size_ = 0;
  }

 private:
  int bucket_of(Key key) const {
    return key == last_ ? 0 : std::bit_width(static_cast<Key>(key ^ last_));
  }
  std::array<std::vector<Item>, kBits + 1> buckets_;
  Key last_ = 0;
  size_t size_ = 0;
};

}  // namespace weilai::graph
