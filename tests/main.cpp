// doctest's main, and nothing else: each unit's tests live in their own test_*.cpp.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
