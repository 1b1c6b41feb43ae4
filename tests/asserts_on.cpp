// Compiled into the unit tests' copy of the core and into each test program (CMakeLists.txt,
// digitlab_core_checked): a build of them that would compile the asserts out fails here
// instead of testing with its bug checks silently gone (STYLE 6). The Release build type
// defines NDEBUG; the tests' targets undefine it.
#if !defined(DIGITLAB_ASSERTS)
#error "a test target without DIGITLAB_ASSERTS: it must link digitlab_core_checked"
#endif
#ifdef NDEBUG
#error "the unit tests compile their asserts out: their targets must undefine NDEBUG"
#endif
