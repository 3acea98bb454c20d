#include "graph/graph_file.hpp"

#include <cstdio>
#include <cstring>
#include <memory>

namespace weilai::graph {

namespace {

constexpr char kMagic[8] = {'W', 'E', 'I', 'L', 'A', 'I', 'G', 'R'};

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t header_bytes;
  uint64_t node_count;
  uint64_t edge_count;
  char profile[16];
  double access_speed_kmh;
  uint64_t input_nodes;
  uint64_t dropped_nodes;
  uint64_t components;
  uint64_t checksum;
  char reserved[128 - 8 - 4 - 4 - 8 - 8 - 16 - 8 - 8 - 8 - 8 - 8];
};
static_assert(sizeof(Header) == 128);

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

template <class T>
uint64_t add_checksum(uint64_t h, const std::vector<T>& v) {
  return checksum64(v.data(), v.size() * sizeof(T), h);
}

}  // namespace

uint64_t checksum64(const void* data, size_t bytes, uint64_t h) {
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  const auto* p = static_cast<const unsigned char*>(data);
  size_t words = bytes / 8;
  for (size_t i = 0; i < words; ++i) {
    uint64_t w;
    std::memcpy(&w, p + i * 8, 8);
    h = (h ^ w) * kPrime;
  }
  for (size_t i = words * 8; i < bytes; ++i) h = (h ^ p[i]) * kPrime;
  return h;
}

static uint64_t payload_checksum(const RoadGraph& g) {
  uint64_t h = 0xcbf29ce484222325ULL;
  h = add_checksum(h, g.first_out);
  h = add_checksum(h, g.head);
  h = add_checksum(h, g.weight);
  h = add_checksum(h, g.lat_e7);
  h = add_checksum(h, g.lon_e7);
  h = add_checksum(h, g.osm_id);
  return h;
}

Status save_graph(const std::string& path, const RoadGraph& g, const GraphMeta& meta) {
  if (g.lat_e7.size() != g.node_count() || g.lon_e7.size() != g.node_count() ||
      g.osm_id.size() != g.node_count() || g.weight.size() != g.head.size())
    return Error::invalid("graph arrays are inconsistent; refusing to save " + path);
  Header h{};
  std::memcpy(h.magic, kMagic, 8);
  h.version = kGraphFileVersion;
  h.header_bytes = sizeof(Header);
  h.node_count = g.node_count();
  h.edge_count = g.edge_count();
  std::strncpy(h.profile, meta.profile.c_str(), sizeof(h.profile) - 1);
  h.access_speed_kmh = meta.access_speed_kmh;
  h.input_nodes = meta.components.input_nodes;
  h.dropped_nodes = meta.components.dropped_nodes;
  h.components = meta.components.components;
  h.checksum = payload_checksum(g);
  FilePtr f(std::fopen(path.c_str(), "wb"));
  if (!f)
    return Error{ErrorCode::unavailable,
                 "cannot open " + path + " for writing: " + std::strerror(errno),
                 {}};
  bool ok = std::fwrite(&h, sizeof h, 1, f.get()) == 1;
  auto put = [&](const auto& v) {
    if (ok && !v.empty()) ok = std::fwrite(v.data(), sizeof(v[0]), v.size(), f.get()) == v.size();
  };
  put(g.first_out);
  put(g.head);
  put(g.weight);
  put(g.lat_e7);
  put(g.lon_e7);
  put(g.osm_id);
  ok = ok && std::fflush(f.get()) == 0;
  if (!ok) return Error{ErrorCode::unavailable, "write failed for " + path, {}};
  return {};
}

Result<GraphFile> load_graph(const std::string& path) {
  FilePtr f(std::fopen(path.c_str(), "rb"));
  if (!f) return Error::not_found("cannot open graph file " + path + ": " + std::strerror(errno));
  Header h{};
  if (std::fread(&h, sizeof h, 1, f.get()) != 1)
    return Error::invalid(path + ": not a Weilai graph file (shorter than its header)");
  if (std::memcmp(h.magic, kMagic, 8) != 0)
    return Error::invalid(path + ": not a Weilai graph file (bad magic)");
  if (h.version != kGraphFileVersion || h.header_bytes != sizeof(Header))
    return Error::invalid(path + ": unsupported graph file version " + std::to_string(h.version) +
                          " (this build reads " + std::to_string(kGraphFileVersion) + ")");
  std::fseek(f.get(), 0, SEEK_END);
  long file_size = std::ftell(f.get());
  std::fseek(f.get(), sizeof(Header), SEEK_SET);
  uint64_t n = h.node_count, m = h.edge_count;
  if (n >= UINT32_MAX || m >= UINT32_MAX)
    return Error::invalid(path + ": graph too large or header corrupt");
  uint64_t expect = sizeof(Header) + (n + 1) * 4 + m * 8 + n * 16;
  if (file_size < 0 || static_cast<uint64_t>(file_size) != expect)
    return Error::invalid(path + ": truncated or corrupt graph file (size " +
                          std::to_string(file_size) + ", expected " + std::to_string(expect) + ")");
  GraphFile out;
  RoadGraph& g = out.graph;
  bool ok = true;
  auto get = [&](auto& v, uint64_t count) {
    v.resize(count);
    if (ok && count) ok = std::fread(v.data(), sizeof(v[0]), count, f.get()) == count;
  };
  get(g.first_out, n + 1);
  get(g.head, m);
  get(g.weight, m);
  get(g.lat_e7, n);
  get(g.lon_e7, n);
  get(g.osm_id, n);
  if (!ok) return Error::invalid(path + ": truncated graph file");
  if (payload_checksum(g) != h.checksum)
    return Error::invalid(path + ": checksum mismatch (corrupt graph file)");
  // Structural validation so that a well-checksummed but inconsistent file cannot crash searches.
  if (g.first_out[0] != 0 || g.first_out[n] != m)
    return Error::invalid(path + ": inconsistent arc offsets");
  for (uint64_t v = 0; v < n; ++v)
    if (g.first_out[v] > g.first_out[v + 1])
      return Error::invalid(path + ": inconsistent arc offsets");
  for (NodeId x : g.head)
    if (x >= n) return Error::invalid(path + ": arc head out of range");
  out.meta.profile = std::string(h.profile, strnlen(h.profile, sizeof h.profile));
  out.meta.access_speed_kmh = h.access_speed_kmh;
  out.meta.components = {static_cast<NodeId>(h.input_nodes), static_cast<NodeId>(n),
                         static_cast<NodeId>(h.dropped_nodes), static_cast<uint32_t>(h.components)};
  return out;
}

}  // namespace weilai::graph
