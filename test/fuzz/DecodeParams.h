//===- DecodeParams.h - Every LSP parameter decoder over one JSON value ---===//
//
// Shared by fuzz-protocol and fuzz-transport: runs each fromJSON corolint's
// server uses on a value (and on its "params" member), and checks what a
// decoder promises: a failure names the problem, a success names none, and a
// decoded value survives toJSON and back.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TEST_FUZZ_DECODEPARAMS_H
#define COROLINT_TEST_FUZZ_DECODEPARAMS_H

#include "lsp/Protocol.h"
#include <cstdio>
#include <cstdlib>

namespace corolint::fuzz {

inline void check(bool Holds, const char *What) {
  if (!Holds) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", What);
    std::abort();
  }
}

template <typename T> bool decode(const lsp::json &J, T &Out) {
  std::string Error;
  bool OK = lsp::fromJSON(J, Out, lsp::JSONPath("params"), Error);
  check(OK == Error.empty(), "fromJSON's result and its error disagree");
  return OK;
}

template <typename T> void decodeOnly(const lsp::json &J) {
  T Out;
  decode(J, Out);
}

/// A decoded value encodes and decodes to itself.
template <typename T> void roundTrip(const lsp::json &J) {
  T Out;
  if (!decode(J, Out))
    return;
  T Again;
  check(decode(lsp::toJSON(Out), Again), "toJSON output does not decode");
  check(Again == Out, "toJSON/fromJSON round trip changed the value");
}

/// What the server reads of a code action: each diagnostic's `data` is
/// client-supplied; what decodes of it must encode and decode to itself.
inline void decodeCodeAction(const lsp::json &J) {
  lsp::CodeActionParams Params;
  if (!decode(J, Params))
    return;
  for (const lsp::Diagnostic &D : Params.context.diagnostics) {
    lsp::Diagnostic Again;
    check(decode(lsp::toJSON(D), Again), "a diagnostic does not round-trip");
    check(Again.data == D.data, "a diagnostic's data changed on the way");
  }
}

inline void decodeEverything(const lsp::json &J) {
  roundTrip<lsp::Position>(J);
  roundTrip<lsp::Range>(J);
  roundTrip<lsp::TextEdit>(J);
  roundTrip<lsp::DiagnosticData>(J);
  decodeOnly<lsp::TextDocumentIdentifier>(J);
  decodeOnly<lsp::TextDocumentItem>(J);
  decodeOnly<lsp::VersionedTextDocumentIdentifier>(J);
  decodeOnly<lsp::TextDocumentPositionParams>(J);
  decodeOnly<lsp::ClientCapabilities>(J);
  decodeOnly<lsp::InitializeParams>(J);
  decodeOnly<lsp::DidOpenTextDocumentParams>(J);
  decodeOnly<lsp::TextDocumentContentChangeEvent>(J);
  decodeOnly<lsp::DidChangeTextDocumentParams>(J);
  decodeOnly<lsp::DidCloseTextDocumentParams>(J);
  decodeOnly<lsp::DocumentDiagnosticParams>(J);
  decodeOnly<lsp::WorkspaceDiagnosticParams>(J);
  decodeOnly<lsp::DidChangeConfigurationParams>(J);
  decodeOnly<lsp::CancelParams>(J);
  decodeCodeAction(J);
  lsp::DidChangeWatchedFilesParams Watched;
  if (decode(J, Watched))
    for (const lsp::FileEvent &E : Watched.changes)
      (void)E.uri.path();
  lsp::TextDocumentIdentifier Doc;
  if (decode(J, Doc))
    (void)Doc.uri.path();
}

/// A JSON-RPC message: the envelope's members, then the parameters.
inline void decodeMessage(const lsp::json &J) {
  decodeEverything(J);
  if (!J.is_object())
    return;
  if (auto P = J.find("params"); P != J.end())
    decodeEverything(*P);
  if (auto M = J.find("method"); M != J.end() && M->is_string())
    (void)M->get<std::string>();
  (void)lsp::dumpJSON(J);
}

} // namespace corolint::fuzz

#endif
