#ifndef C_SPAWN_SUPPORT_H
#define C_SPAWN_SUPPORT_H

#include <spawn.h>

/// Adds to `actions` the closing, in the child, of every descriptor from `lowest` up, so a spawned program inherits
/// none of this process's sockets and files (they are not close-on-exec: SwiftNIO's sockets are not).
/// Returns 0, or ENOSYS where the C library cannot do it (glibc before 2.34, musl).
int sluice_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
