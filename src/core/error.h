// Errors a user can cause (a bad file, flag, image or snapshot). The CLI prints one line and exits
// non-zero; nothing else in the program catches these.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace microvm {

class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename... Args>
[[nodiscard]] UserError user_error(fmt::format_string<Args...> format, Args&&... args) {
  return UserError(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace microvm
