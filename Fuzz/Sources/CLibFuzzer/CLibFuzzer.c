// The declaration is all: libFuzzer itself is linked by `-sanitize=fuzzer`.
