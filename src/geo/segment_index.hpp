// SegmentIndex: a uniform-grid spatial index over straight segments in projected metres, answering
// "nearest point on the nearest segment within R metres". Built once, then read-only: queries are
// thread-safe. A grid beats an R-tree here because road segments are short and evenly spread; each
// segment is registered in every cell its bounding box touches (stored CSR-style, no per-cell
// vectors).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "geo/lat_lon.hpp"

namespace weilai::geo {

struct Segment {
  Point a;
  Point b;
};

struct SegmentHit {
  uint32_t segment = 0;  // index into the segments given to the constructor
  double t = 0;          // fraction along a->b of the closest point
  double distance_m = 0;
  Point point;  // the closest point
};

class SegmentIndex {
 public:
  SegmentIndex() = default;
  // cell_m <= 0 picks a cell size from the density of the segments.
  explicit SegmentIndex(std::vector<Segment> segments, double cell_m = 0);

  // The closest segment within max_distance_m of p (ties: lowest segment index), or nullopt.
  std::optional<SegmentHit> nearest(const Point& p, double max_distance_m) const;

  size_t size() const { return segments_.size(); }
  const Segment& segment(uint32_t i) const { return segments_[i]; }

 private:
  int64_t cell_of(double v, double origin) const;
  std::vector<Segment> segments_;
  double min_x_ = 0, min_y_ = 0, cell_ = 1;
  int64_t nx_ = 0, ny_ = 0;
  std::vector<uint32_t> first_;  // nx*ny+1
  std::vector<uint32_t> ids_;
};

}  // namespace weilai::geo
