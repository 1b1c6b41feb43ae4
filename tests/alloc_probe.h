// Measures the largest single allocation (operator new) made while a probe is alive, so a test
// can check that a parser refuses a hostile input without first reserving a huge buffer. The
// replaced global operator new is in alloc_probe.cpp; it only records sizes, then calls malloc.
#pragma once
#include <cstddef>

class AllocationProbe {
 public:
  AllocationProbe();
  ~AllocationProbe();
  AllocationProbe(const AllocationProbe&) = delete;
  AllocationProbe& operator=(const AllocationProbe&) = delete;
  // The largest size passed to operator new since the probe was made.
  size_t largest() const;
};
