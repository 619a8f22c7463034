//===- fuzz-transport.cpp - JSON-RPC framing and message decoding ---------===//
//
// Input: the bytes a client writes to the server's stdin (Content-Length
// headers, bodies, garbage). The transport reads frame after frame until the
// input ends -- it must end, whatever the bytes -- and each message it
// returns goes through every parameter decoder (DecodeParams.h). The message
// size cap is small here so that the oversized-frame path is reached.
//
//===----------------------------------------------------------------------===//
#include "DecodeParams.h"
#include "lsp/Logging.h"
#include "lsp/Transport.h"
#include <cstddef>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  corolint::lsp::setLogLevel(corolint::lsp::LogLevel::Error);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace corolint;
  if (Size == 0)
    return 0;
  std::FILE *In = fmemopen(const_cast<uint8_t *>(Data), Size, "r");
  std::FILE *Out = std::fopen("/dev/null", "w");
  if (!In || !Out)
    std::abort();
  {
    lsp::Transport T(In, Out, /*MaxMessageBytes=*/4096);
    // Each read consumes at least one byte or ends the input, so a frame
    // count above the input size means the reader stopped making progress.
    size_t Reads = 0;
    while (true) {
      lsp::IncomingMessage M = T.read();
      fuzz::check(++Reads <= Size + 1, "Transport::read made no progress");
      if (M.Status == lsp::IncomingMessage::EndOfInput)
        break;
      if (M.Status == lsp::IncomingMessage::ParseError) {
        fuzz::check(!M.Problem.empty(), "a parse error without a problem");
        continue;
      }
      fuzz::decodeMessage(M.Value);
      T.send(M.Value);
    }
    T.flush();
  }
  std::fclose(In);
  std::fclose(Out);
  return 0;
}
