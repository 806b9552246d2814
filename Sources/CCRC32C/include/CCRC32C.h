#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has a CRC-32C instruction (SSE 4.2 on x86-64, the CRC extension on arm64).
int ccrc32c_hardware_available(void);

/// Continues the CRC-32C register `crc` (already inverted) over `count` bytes at `bytes` with the processor's
/// instruction; only when `ccrc32c_hardware_available` returned 1.
uint32_t ccrc32c_hardware_update(uint32_t crc, const void *bytes, size_t count);

#endif
