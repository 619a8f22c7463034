//===- fuzz-protocol.cpp - LSP parameter decoding -------------------------===//
//
// Input: one JSON document, as a client might send it (seeds: the params of
// every request and notification the server reads, code actions with their
// diagnostics' `data`). Every decoder runs on it; see DecodeParams.h.
//
//===----------------------------------------------------------------------===//
#include "DecodeParams.h"
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const char *Begin = reinterpret_cast<const char *>(Data);
  corolint::lsp::json J =
      corolint::lsp::json::parse(Begin, Begin + Size, nullptr,
                                 /*allow_exceptions=*/false);
  if (J.is_discarded())
    return 0;
  corolint::fuzz::decodeMessage(J);
  return 0;
}
