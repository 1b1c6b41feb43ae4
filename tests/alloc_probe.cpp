#include "alloc_probe.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> g_armed{false};
std::atomic<size_t> g_largest{0};

void* allocate(size_t size) {
  if (g_armed.load(std::memory_order_relaxed)) {
    size_t seen = g_largest.load(std::memory_order_relaxed);
    while (size > seen && !g_largest.compare_exchange_weak(seen, size)) {
    }
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

// The replaceable global allocation functions ([new.delete]): the plain and array forms; the
// nothrow and sized forms of the standard library forward to these.
void* operator new(size_t size) {
  return allocate(size);
}
void* operator new[](size_t size) {
  return allocate(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, size_t) noexcept {
  std::free(p);
}

AllocationProbe::AllocationProbe() {
  g_largest = 0;
  g_armed = true;
}
AllocationProbe::~AllocationProbe() {
  g_armed = false;
}
size_t AllocationProbe::largest() const {
  return g_largest.load();
}
