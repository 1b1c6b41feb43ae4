// The drawn-digit test set (tests/drawn): placeholder while the generator takes shape.
#include <doctest/doctest.h>

#include "drawn_set.h"
