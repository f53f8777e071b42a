#ifndef C_LIBFUZZER_H
#define C_LIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (linked by `-sanitize=fuzzer`): parses libFuzzer's command line and runs
/// `callback` on each input. The fuzz targets call it from their own `main`, because SwiftPM
/// renames an executable's entry point, which keeps libFuzzer's `main` from being linked.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
