//===- Sarif.h - Findings as SARIF 2.1.0, for code scanning ---------------===//
//
// One run: the tool with its rules (handed in by the front end: the analyzer
// knows no check), a result per finding with repository-relative locations,
// the notes as related locations, the fix-its as fixes, and line-independent
// partialFingerprints (Fingerprint.h); files that could not be analysed
// become tool execution notifications. Columns are UTF-16 code units, as
// SARIF's default column kind and GitHub code scanning expect.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_SARIF_H
#define COROLINT_ANALYZER_SARIF_H

#include "analyzer/Diagnostic.h"
#include "analyzer/Fingerprint.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace corolint {

/// A check, as SARIF's reportingDescriptor describes it.
struct SarifRule {
  std::string Id;            ///< The check's name, e.g. "blocking-call".
  std::string Summary;       ///< One line: the shortDescription.
  std::string Documentation; ///< The check's page (Markdown): the help; its
                             ///< first paragraph is the fullDescription.
  std::string HelpUri;       ///< Where the page is published; may be empty.
};

struct SarifOptions {
  std::string ToolVersion;    ///< e.g. "0.1.0" (semantic).
  std::string InformationUri; ///< The tool's home page; may be empty.
  std::vector<SarifRule> Rules;
  /// Files below this directory are named relative to it, with the uriBaseId
  /// %SRCROOT%; others by absolute file:// URIs.
  std::string SourceRoot;
};

/// The SARIF log of Findings (sorted, as sortAndUnique leaves them) and of
/// Errors: files that could not be analysed, with their reasons.
std::string renderSarif(llvm::ArrayRef<Diagnostic> Findings,
                        llvm::ArrayRef<Diagnostic> Errors,
                        const SarifOptions &Options, SourceLines &Sources);

} // namespace corolint

#endif
