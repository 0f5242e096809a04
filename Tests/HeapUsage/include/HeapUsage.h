#ifndef WOODSHED_HEAP_USAGE_H
#define WOODSHED_HEAP_USAGE_H

#include <stddef.h>

/// Bytes of heap in use in this process, over every malloc arena: glibc's mallinfo2()
/// uordblks (allocated from the arenas) plus hblkhd (allocated by mmap). For tests that check
/// memory stays flat.
size_t woodshed_heap_in_use(void);

#endif
