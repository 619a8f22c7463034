//===- Diagnostic.cpp - Ordering and de-duplication of findings -----------===//
#include "analyzer/Diagnostic.h"
#include <algorithm>
#include <tuple>

namespace corolint {

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "warning";
}

bool diagnosticLess(const Diagnostic &A, const Diagnostic &B) {
  return std::tie(A.Range.File, A.Range.Begin.Line, A.Range.Begin.Column,
                  A.Check, A.Message) <
         std::tie(B.Range.File, B.Range.Begin.Line, B.Range.Begin.Column,
                  B.Check, B.Message);
}

std::string withoutTemplateArguments(const std::string &Message) {
  std::string Out;
  unsigned Depth = 0;
  for (char C : Message) {
    if (C == '<')
      ++Depth;
    else if (C == '>' && Depth > 0)
      --Depth;
    else if (Depth == 0)
      Out += C;
  }
  return Out;
}

void sortAndUnique(std::vector<Diagnostic> &Diags) {
  std::stable_sort(Diags.begin(), Diags.end(), diagnosticLess);
  // Two findings are the same finding when check, place and message agree,
  // template arguments aside: instantiations word it with their own types
  // ('task<int>', 'task<long>'), but one location is one finding. The first
  // one wins.
  auto Same = [](const Diagnostic &A, const Diagnostic &B) {
    return A.Check == B.Check && A.Range.File == B.Range.File &&
           A.Range.Begin == B.Range.Begin &&
           withoutTemplateArguments(A.Message) ==
               withoutTemplateArguments(B.Message);
  };
  Diags.erase(std::unique(Diags.begin(), Diags.end(), Same), Diags.end());
}

} // namespace corolint
