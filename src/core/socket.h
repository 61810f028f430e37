// Listening sockets for the debugger front ends: "PORT" (TCP on 127.0.0.1 only) or
// "unix:PATH" (mode 0600). Anyone who can connect controls the machine, so nothing listens on
// other interfaces.
#pragma once

#include <string>

namespace microvm {

// Opens and listens; throws UserError with a clear message (bad spec, port in use...).
// `option` names the flag in messages.
int open_listener(const std::string& spec, const std::string& option);
// Closes a listener and removes its socket file (for unix: specs).
void close_listener(int fd, const std::string& spec);
// Writes everything (false when the peer went away).
bool write_all(int fd, const std::string& bytes);

}  // namespace microvm
