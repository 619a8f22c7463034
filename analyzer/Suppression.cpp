//===- Suppression.cpp - NOLINT comments, as clang-tidy reads them --------===//
#include "analyzer/Suppression.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/GlobPattern.h"

namespace corolint {

static bool globMatches(llvm::StringRef Glob, llvm::StringRef Name) {
  auto P = llvm::GlobPattern::create(Glob);
  if (!P) {
    llvm::consumeError(P.takeError());
    return Glob == Name;
  }
  return P->match(Name);
}

llvm::Error checkGlobs(llvm::StringRef Globs) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    Part.consume_front("-");
    auto P = llvm::GlobPattern::create(Part);
    if (!P)
      return llvm::createStringError(
          std::errc::invalid_argument, "invalid glob '%s': %s",
          Part.str().c_str(), llvm::toString(P.takeError()).c_str());
  }
  return llvm::Error::success();
}

bool checkEnabledByGlobs(llvm::StringRef Check, llvm::StringRef Globs,
                         bool Default) {
  bool Enabled = Default;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    if (Part.empty())
      continue;
    bool Remove = Part.consume_front("-");
    if (globMatches(Part, Check))
      Enabled = !Remove;
  }
  return Enabled;
}

/// Parses the optional "(a, b*)" after a NOLINT marker.
static std::vector<std::string> parseCheckList(llvm::StringRef After) {
  std::vector<std::string> Checks;
  if (!After.consume_front("("))
    return Checks;
  size_t Close = After.find(')');
  if (Close == llvm::StringRef::npos)
    return Checks;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  After.take_front(Close).split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Checks.push_back(P.trim().str());
  return Checks;
}

static bool listCovers(const std::vector<std::string> &Checks,
                       llvm::StringRef Check) {
  if (Checks.empty())
    return true;
  for (const std::string &G : Checks)
    if (G == "*" || globMatches(G, Check))
      return true;
  return false;
}

namespace {

/// Finds the comments of a file, line by line: a marker counts only there,
/// so a string literal that spells a marker opens no region.
class CommentScanner {
public:
  /// The byte ranges [begin, end) of Line that are inside comments. Lines
  /// must be given in order.
  llvm::SmallVector<std::pair<size_t, size_t>, 2>
  commentsOf(llvm::StringRef Line) {
    llvm::SmallVector<std::pair<size_t, size_t>, 2> Out;
    size_t I = 0, N = Line.size();
    if (In == State::LineComment)
      In = State::Code; // A line comment ends with its line (no '\\' joins).
    size_t Start = 0;
    while (I < N) {
      char C = Line[I];
      switch (In) {
      case State::BlockComment:
        if (Line.substr(I).starts_with("*/")) {
          Out.push_back({Start, I});
          In = State::Code;
          I += 2;
          continue;
        }
        break;
      case State::String:
        if (C == '\\')
          ++I;
        else if (C == Quote)
          In = State::Code;
        break;
      case State::RawString:
        if (Line.substr(I).starts_with(RawEnd)) {
          In = State::Code;
          I += RawEnd.size();
          continue;
        }
        break;
      case State::LineComment:
      case State::Code:
        if (Line.substr(I).starts_with("//")) {
          Out.push_back({I, N});
          In = State::LineComment;
          return Out;
        }
        if (Line.substr(I).starts_with("/*")) {
          In = State::BlockComment;
          Start = I;
          I += 2;
          continue;
        }
        if (C == '"' && I > 0 && Line[I - 1] == 'R') {
          size_t Paren = Line.find('(', I);
          if (Paren != llvm::StringRef::npos) {
            RawEnd = (")" + Line.slice(I + 1, Paren) + "\"").str();
            In = State::RawString;
            I = Paren + 1;
            continue;
          }
        }
        // A quote inside a number (1'000) opens nothing.
        if (C == '"' || (C == '\'' && !(I > 0 && llvm::isAlnum(Line[I - 1])))) {
          In = State::String;
          Quote = C;
        }
        break;
      }
      ++I;
    }
    if (In == State::BlockComment)
      Out.push_back({Start, N});
    else if (In == State::String)
      In = State::Code; // An unterminated literal ends with its line.
    return Out;
  }

private:
  enum class State { Code, LineComment, BlockComment, String, RawString };
  State In = State::Code;
  char Quote = '"';
  std::string RawEnd;
};

} // namespace

Suppressions::Suppressions(llvm::StringRef Text) {
  std::vector<Marker> Open;
  CommentScanner Comments;
  unsigned Line = 0;
  size_t LineOffset = 0;
  while (!Text.empty()) {
    ++Line;
    auto [Current, Rest] = Text.split('\n');
    Text = Rest;
    auto Ranges = Comments.commentsOf(Current);
    auto InComment = [&](size_t Pos) {
      return llvm::any_of(Ranges, [&](const std::pair<size_t, size_t> &R) {
        return R.first <= Pos && Pos < R.second;
      });
    };
    size_t Pos = 0;
    while ((Pos = Current.find("NOLINT", Pos)) != llvm::StringRef::npos) {
      if (!InComment(Pos)) {
        Pos += 6;
        continue;
      }
      FilePosition Where{Line, static_cast<unsigned>(Pos + 1),
                         static_cast<unsigned>(LineOffset + Pos)};
      llvm::StringRef At = Current.drop_front(Pos);
      auto Take = [&](llvm::StringRef Keyword) {
        if (!At.starts_with(Keyword))
          return false;
        At = At.drop_front(Keyword.size());
        return true;
      };
      if (Take("NOLINTNEXTLINE"))
        NextLine.push_back({{Line + 1, 0, 0}, parseCheckList(At)});
      else if (Take("NOLINTBEGIN"))
        Open.push_back({Where, parseCheckList(At), true});
      else if (Take("NOLINTEND")) {
        std::vector<std::string> Checks = parseCheckList(At);
        auto It =
            std::find_if(Open.rbegin(), Open.rend(),
                         [&](const Marker &M) { return M.Checks == Checks; });
        if (It == Open.rend()) {
          Unmatched.push_back({Where, Checks, false});
        } else {
          Regions.push_back({It->At.Line, Line, It->Checks});
          Open.erase(std::next(It).base());
        }
      } else if (Take("NOLINT"))
        SameLine.push_back({Where, parseCheckList(At)});
      else
        At = At.drop_front(6);
      Pos = Current.size() - At.size();
    }
    LineOffset += Current.size() + 1;
  }
  for (const Marker &M : Open)
    Unmatched.push_back(M);
  llvm::sort(Unmatched, [](const Marker &A, const Marker &B) {
    return A.At.Offset < B.At.Offset;
  });
}

bool Suppressions::suppresses(llvm::StringRef Check, unsigned Line) const {
  for (const Marker &M : SameLine)
    if (M.At.Line == Line && listCovers(M.Checks, Check))
      return true;
  for (const Marker &M : NextLine)
    if (M.At.Line == Line && listCovers(M.Checks, Check))
      return true;
  for (const Region &R : Regions)
    if (R.Begin <= Line && Line <= R.End && listCovers(R.Checks, Check))
      return true;
  return false;
}

std::vector<Diagnostic> Suppressions::problems(llvm::StringRef File) const {
  std::vector<Diagnostic> Out;
  for (const Marker &M : Unmatched) {
    Diagnostic D;
    D.Check = NolintCheckName;
    D.Level = Severity::Error;
    D.Range.File = File.str();
    D.Range.Begin = D.Range.End = M.At;
    D.Message = M.Begin ? "unmatched 'NOLINTBEGIN' comment without a "
                          "subsequent 'NOLINTEND' comment"
                        : "unmatched 'NOLINTEND' comment without a previous "
                          "'NOLINTBEGIN' comment";
    Out.push_back(std::move(D));
  }
  return Out;
}

SuppressionEdit suppressionEdit(llvm::StringRef Line, llvm::StringRef Check) {
  size_t Paren = Line.find("NOLINT(");
  if (Paren != llvm::StringRef::npos) {
    size_t Close = Line.find(')', Paren);
    if (Close != llvm::StringRef::npos)
      return {Close, "," + Check.str()};
  }
  return {Line.size(), (Line.contains("//") ? " NOLINT(" : " // NOLINT(") +
                           Check.str() + ")"};
}

} // namespace corolint
