#include "alloc_probe.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> g_armed{false};
std::atomic<size_t> g_largest{0};

// Records the request, then mallocs: null when there is no memory.
void* allocate_or_null(size_t size) noexcept {
  if (g_armed.load(std::memory_order_relaxed)) {
    size_t seen = g_largest.load(std::memory_order_relaxed);
    while (size > seen && !g_largest.compare_exchange_weak(seen, size)) {
    }
  }
  return std::malloc(size == 0 ? 1 : size);
}

void* allocate(size_t size) {
  if (void* p = allocate_or_null(size)) return p;
  throw std::bad_alloc();
}

}  // namespace

// The replaceable global allocation functions ([new.delete]): the plain, array and nothrow
// forms (all of them, so that under ASan no standard-library allocation, e.g. stable_sort's
// nothrow buffer, comes from the runtime's new and goes back through this free).
void* operator new(size_t size) {
  return allocate(size);
}
void* operator new[](size_t size) {
  return allocate(size);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
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
