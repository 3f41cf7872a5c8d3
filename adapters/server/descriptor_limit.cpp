#include "adapters/server/descriptor_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace gutbot::adapters {

std::size_t RaiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? static_cast<std::size_t>(-1)
                                         : static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t ConnectionsThatFit(std::size_t max_connections, std::size_t health_connections,
                               std::size_t descriptor_limit) {
  const std::size_t reserved = health_connections + kDescriptorsForFiles;
  const std::size_t room = descriptor_limit > reserved ? descriptor_limit - reserved : 1;
  return std::max<std::size_t>(1, std::min(max_connections, room));
}

}  // namespace gutbot::adapters
