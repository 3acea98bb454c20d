#include "geo/segment_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace weilai::geo {

SegmentIndex::SegmentIndex(std::vector<Segment> segments, double cell_m)
    : segments_(std::move(segments)) {
  if (segments_.empty()) return;
  double max_x = -std::numeric_limits<double>::infinity(), max_y = max_x;
  min_x_ = min_y_ = std::numeric_limits<double>::infinity();
  double total_len = 0;
  for (const auto& s : segments_) {
    min_x_ = std::min({min_x_, s.a.x, s.b.x});
    min_y_ = std::min({min_y_, s.a.y, s.b.y});
    max_x = std::max({max_x, s.a.x, s.b.x});
    max_y = std::max({max_y, s.a.y, s.b.y});
    total_len += distance(s.a, s.b);
  }
  if (cell_m <= 0) {
    // About two segments per cell on average, but never so fine that the grid explodes.
    double w = std::max(1.0, max_x - min_x_), h = std::max(1.0, max_y - min_y_);
    cell_m = std::max({std::sqrt(w * h / static_cast<double>(segments_.size()) * 2.0),
                       total_len / static_cast<double>(segments_.size()), 10.0});
  }
  cell_ = cell_m;
  nx_ = static_cast<int64_t>((max_x - min_x_) / cell_) + 1;
  ny_ = static_cast<int64_t>((max_y - min_y_) / cell_) + 1;
  while (nx_ * ny_ > int64_t{1} << 26) {  // cap at 64M cells
    cell_ *= 2;
    nx_ = static_cast<int64_t>((max_x - min_x_) / cell_) + 1;
    ny_ = static_cast<int64_t>((max_y - min_y_) / cell_) + 1;
  }
  std::vector<uint32_t> count(static_cast<size_t>(nx_ * ny_) + 1, 0);
  auto for_cells = [&](const Segment& s, auto&& fn) {
    int64_t x0 = cell_of(std::min(s.a.x, s.b.x), min_x_),
            x1 = cell_of(std::max(s.a.x, s.b.x), min_x_);
    int64_t y0 = cell_of(std::min(s.a.y, s.b.y), min_y_),
            y1 = cell_of(std::max(s.a.y, s.b.y), min_y_);
    x1 = std::min(x1, nx_ - 1);
    y1 = std::min(y1, ny_ - 1);
    for (int64_t y = y0; y <= y1; ++y)
      for (int64_t x = x0; x <= x1; ++x) fn(static_cast<size_t>(y * nx_ + x));
  };
  for (const auto& s : segments_) for_cells(s, [&](size_t c) { ++count[c + 1]; });
  for (size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
  first_ = count;
  ids_.resize(first_.back());
  for (uint32_t i = 0; i < segments_.size(); ++i)
    for_cells(segments_[i], [&](size_t c) { ids_[count[c]++] = i; });
}

int64_t SegmentIndex::cell_of(double v, double origin) const {
  return std::max<int64_t>(0, static_cast<int64_t>(std::floor((v - origin) / cell_)));
}

std::optional<SegmentHit> SegmentIndex::nearest(const Point& p, double max_distance_m) const {
  if (segments_.empty() || !std::isfinite(p.x) || !std::isfinite(p.y)) return std::nullopt;
  std::optional<SegmentHit> best;
  // Cell coordinates of p, possibly outside the grid.
  double fx = std::floor((p.x - min_x_) / cell_), fy = std::floor((p.y - min_y_) / cell_);
  // Distance from p to the grid's bounding box limits how far rings must start.
  auto consider_cell = [&](int64_t x, int64_t y) {
    if (x < 0 || y < 0 || x >= nx_ || y >= ny_) return;
    size_t c = static_cast<size_t>(y * nx_ + x);
    for (uint32_t k = first_[c]; k < first_[c + 1]; ++k) {
      uint32_t id = ids_[k];
      const Segment& s = segments_[id];
      double t = project_on_segment(p, s.a, s.b);
      Point q{s.a.x + (s.b.x - s.a.x) * t, s.a.y + (s.b.y - s.a.y) * t};
      double d = distance(p, q);
      if (d > max_distance_m) continue;
      if (!best || d < best->distance_m || (d == best->distance_m && id < best->segment))
        best = SegmentHit{id, t, d, q};
    }
  };
  if (std::abs(fx) > 1e15 || std::abs(fy) > 1e15) return std::nullopt;
  int64_t cx = static_cast<int64_t>(fx), cy = static_cast<int64_t>(fy);
  int64_t max_ring = static_cast<int64_t>(max_distance_m / cell_) + 2;
  // Rings beyond the grid contain nothing: bound the ring count by the grid extent too.
  int64_t far = std::max({std::abs(cx), std::abs(cx - nx_), std::abs(cy), std::abs(cy - ny_)}) + 1;
  max_ring = std::min(max_ring, far);
  for (int64_t r = 0; r <= max_ring; ++r) {
    // Every point in ring r is at least (r-1)*cell away from p.
    if (best && static_cast<double>(r - 1) * cell_ > best->distance_m) break;
    if (static_cast<double>(r - 1) * cell_ > max_distance_m) break;
    if (r == 0) {
      consider_cell(cx, cy);
      continue;
    }
    int64_t y0 = std::max<int64_t>(cy - r, 0), y1 = std::min<int64_t>(cy + r, ny_ - 1);
    for (int64_t y = y0; y <= y1; ++y) {
      if (y == cy - r || y == cy + r) {
        int64_t x0 = std::max<int64_t>(cx - r, 0), x1 = std::min<int64_t>(cx + r, nx_ - 1);
        for (int64_t x = x0; x <= x1; ++x) consider_cell(x, y);
      } else {
        consider_cell(cx - r, y);
        consider_cell(cx + r, y);
      }
    }
  }
  return best;
}

}  // namespace weilai::geo
