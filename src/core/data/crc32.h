// CRC-32 (IEEE 802.3 polynomial, as zlib, gzip and PNG use): model-file and gzip checksums.
#pragma once
#include <cstddef>
#include <cstdint>

namespace digitlab {

// Continue a running CRC: crc32(b, n2, crc32(a, n1)) == crc32(a+b, n1+n2).
uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

}  // namespace digitlab
