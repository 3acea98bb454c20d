#include "http/process_id.hpp"

#include <unistd.h>

#include "crypto/crypto.hpp"

namespace weilai::http {

std::string process_lease_holder() {
  char host[128] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + crypto::random_token(4);
}

}  // namespace weilai::http
