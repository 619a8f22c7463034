//===- Render.h - Diagnostics for people, tools (JSON) and GitHub ---------===//
#ifndef COROLINT_ANALYZER_RENDER_H
#define COROLINT_ANALYZER_RENDER_H

#include "analyzer/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace corolint {

/// Prints diagnostics the way Clang prints its own: "file:line:col: warning:
/// message [check]", the source line with a caret and ranges, fix-it hints,
/// then the notes. Uses Clang's TextDiagnostic on the files as they are on
/// disk now; a file that cannot be read gets the location line only.
class TextRenderer {
public:
  TextRenderer(llvm::raw_ostream &OS, bool Color);
  ~TextRenderer();
  void render(const Diagnostic &D);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

/// The JSON document of `--format=json` (schema: docs/json-format.md).
std::string renderJson(llvm::ArrayRef<Diagnostic> Diags,
                       llvm::ArrayRef<Diagnostic> Errors);

/// The diagnostic as one GitHub Actions workflow command, which GitHub shows
/// as an annotation: "::warning file=F,line=L,col=C,endLine=L,endColumn=C,
/// title=CHECK::MESSAGE", the notes on further lines of the message. Paths
/// are printed as they are in D: GitHub wants them relative to the
/// repository's root.
std::string renderGithub(const Diagnostic &D);

} // namespace corolint

#endif
