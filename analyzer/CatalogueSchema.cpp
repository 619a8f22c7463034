//===- CatalogueSchema.cpp - The catalogue's rules, for every entry -------===//
//
// Reading a catalogue document, and the schema both the built-in catalogue
// and the entries of .corolint.yaml are held to: well-formed names and
// patterns, conditions that make sense, no name listed twice in a category,
// no entry that its own document also exempts, categories that exist.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Catalogue.h"
#include "analyzer/YamlTraits.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

namespace {
struct CatalogueDocument {
  unsigned Version = 1;
  std::vector<corolint::BlockingCategory> Categories;
  std::vector<std::string> NonBlocking;
  std::vector<std::string> Offload;
  std::vector<std::string> FailurePaths;
  std::vector<std::string> BlockingExecutors;
  std::vector<corolint::BlockingEntry> Entries;
};
} // namespace

namespace llvm::yaml {
template <> struct MappingTraits<CatalogueDocument> {
  static void mapping(IO &IO, CatalogueDocument &D) {
    IO.mapOptional("version", D.Version, 1u);
    IO.mapOptional("categories", D.Categories);
    IO.mapOptional("nonblocking", D.NonBlocking);
    IO.mapOptional("offload-functions", D.Offload);
    IO.mapOptional("failure-paths", D.FailurePaths);
    IO.mapOptional("blocking-executors", D.BlockingExecutors);
    IO.mapOptional("entries", D.Entries);
  }
  static std::string validate(IO &, CatalogueDocument &D) {
    if (D.Version != 1)
      return "unsupported catalogue version " + std::to_string(D.Version);
    return "";
  }
};
} // namespace llvm::yaml

namespace corolint {

//===----------------------------------------------------------------------===//
// The schema: what a well-formed entry is. The built-in catalogue and the
// entries of .corolint.yaml meet the same rules.
//===----------------------------------------------------------------------===//

namespace {

enum class NameKind { Function, Class, Object };

llvm::StringRef kindName(NameKind K) {
  switch (K) {
  case NameKind::Function:
    return "function";
  case NameKind::Class:
    return "class";
  case NameKind::Object:
    return "object";
  }
  llvm_unreachable("unknown name kind");
}

bool isIdentifier(llvm::StringRef S) {
  if (S.empty() || !(llvm::isAlpha(S[0]) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return llvm::isAlnum(C) || C == '_'; });
}

/// "operator()", "operator<<=", "operator new[]", "operator\"\"_kb"...
bool isOperatorName(llvm::StringRef S) {
  if (!S.consume_front("operator"))
    return false;
  static const char *const Words[] = {
      "()",       "[]",  "<=>",   "<<=",    ">>=",     "<<", ">>",
      "->*",      "->",  "++",    "--",     "&&",      "||", ",",
      "co_await", "new", "new[]", "delete", "delete[]"};
  if (llvm::is_contained(Words, S))
    return true;
  if (S.consume_front("\"\"")) {
    S.consume_front(" ");
    return isIdentifier(S);
  }
  // One of + - * / % ^ & | ~ ! = < >, optionally followed by '='.
  if (S.empty() ||
      llvm::StringRef("+-*/%^&|~!=<>").find(S[0]) == llvm::StringRef::npos)
    return false;
  return S.size() == 1 || (S.size() == 2 && S[1] == '=');
}

/// Components that can never match: inline namespaces are dropped from a
/// callee's name before it is matched.
bool isInlineNamespace(llvm::StringRef C) {
  return C == "__1" || C == "__cxx11" || C == "_V2" || C == "__8" ||
         C == "v_noabi";
}

/// Names that do not mean what they seem to.
llvm::StringRef ambiguity(llvm::StringRef Name) {
  if (Name == "std::remove")
    return "also names the algorithm std::remove; <cstdio>'s remove is "
           "'::remove'";
  if (Name == "std::copy")
    return "the algorithm, not a file copy (write 'filesystem::copy')";
  if (Name == "std::exists")
    return "not a function; write 'filesystem::exists'";
  return "";
}

std::string nameProblem(llvm::StringRef Name, NameKind Kind) {
  std::string Quoted = "'" + Name.str() + "'";
  if (Name.empty())
    return kindName(Kind).str() + " names must not be empty";
  bool Operator = Name.contains("operator");
  std::string WithoutUdl = Name.str();
  if (size_t At = WithoutUdl.find("operator\"\" "); At != std::string::npos)
    WithoutUdl.erase(At + 10, 1);
  if (llvm::StringRef(WithoutUdl).contains(' ') ||
      Name.find_first_of("\t\n") != llvm::StringRef::npos)
    return Quoted + ": no spaces in names";
  if (!Operator && Name.contains('<'))
    return Quoted + ": write names without template arguments";
  llvm::StringRef Rest = Name;
  Rest.consume_front("::");
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Rest.split(Parts, "::");
  for (size_t I = 0; I < Parts.size(); ++I) {
    bool Last = I + 1 == Parts.size();
    bool Ok = isIdentifier(Parts[I]) ||
              (Last && Kind == NameKind::Function && isOperatorName(Parts[I]));
    if (!Ok)
      return Quoted + " is not a well-formed " + kindName(Kind).str() + " name";
  }
  for (llvm::StringRef P : Parts)
    if (isInlineNamespace(P))
      return Quoted + ": inline namespace '" + P.str() +
             "' is ignored when matching; drop it";
  if (llvm::StringRef Why = ambiguity(Name); !Why.empty())
    return Quoted + ": " + Why.str();
  return "";
}

std::string patternProblem(llvm::StringRef Pattern) {
  std::string Quoted = "'" + Pattern.str() + "'";
  if (Pattern.empty())
    return "patterns must not be empty";
  // llvm::Regex is POSIX ERE: Perl's classes, lazy quantifiers, groups
  // with '(?' and back-references mean something else or nothing there.
  static const llvm::Regex PerlOnly(
      R"(\(\?|\\[dDwWsSbBAZzQEk]|[+*?}]\?|\\[1-9])");
  if (PerlOnly.match(Pattern))
    return "pattern " + Quoted +
           " uses Perl-only syntax; patterns are POSIX extended regular "
           "expressions";
  if (Pattern.starts_with("^") || Pattern.ends_with("$"))
    return "pattern " + Quoted + ": patterns are anchored implicitly; drop ^/$";
  std::string Error;
  if (!llvm::Regex("^(" + Pattern.str() + ")$").isValid(Error))
    return "invalid pattern " + Quoted + ": " + Error;
  return "";
}

std::string argProblem(const ArgCondition &A, llvm::StringRef Key) {
  if (!A.Object.empty() + A.Value.has_value() + !A.Type.empty() != 1)
    return "'" + Key.str() +
           "': an argument condition needs exactly one of 'object', 'value' "
           "and 'type'";
  if (!A.Type.empty())
    return nameProblem(A.Type, NameKind::Class);
  if (!A.Object.empty())
    return nameProblem(A.Object, NameKind::Object);
  return "";
}
} // namespace

std::string blockingEntryProblem(const BlockingEntry &E) {
  if (E.Tier < 1 || E.Tier > 3)
    return "'tier' must be 1, 2 or 3";
  if (E.Functions.empty() && E.Patterns.empty() && E.Constructors.empty() &&
      E.Destructors.empty() && E.Objects.empty())
    return "an entry needs at least one of 'functions', 'patterns', "
           "'constructors', 'destructors' or 'objects'";
  if (llvm::StringRef(E.Suggest).contains('\n'))
    return "'suggest' is one line";
  if (llvm::StringRef(E.Reason).contains('\n'))
    return "'reason' is one line";
  auto Names = [](const std::vector<std::string> &L, NameKind K) {
    for (const std::string &N : L)
      if (std::string P = nameProblem(N, K); !P.empty())
        return P;
    return std::string();
  };
  for (auto [List, Kind] : {std::pair{&E.Functions, NameKind::Function},
                            std::pair{&E.Constructors, NameKind::Class},
                            std::pair{&E.Destructors, NameKind::Class},
                            std::pair{&E.Objects, NameKind::Object},
                            std::pair{&E.UnlessArgTypes, NameKind::Class}})
    if (std::string P = Names(*List, Kind); !P.empty())
      return P;
  for (const std::string &P : E.Patterns)
    if (std::string Problem = patternProblem(P); !Problem.empty())
      return Problem;
  if (E.MinArgs && E.Constructors.empty())
    return "'min-args' applies to constructors only";
  if (E.Arg)
    if (std::string P = argProblem(*E.Arg, "arg"); !P.empty())
      return P;
  for (const ArgCondition &A : E.UnlessArgs)
    if (std::string P = argProblem(A, "unless-arg"); !P.empty())
      return P;
  llvm::StringSet<> Types;
  for (const std::string &T : E.UnlessArgTypes)
    if (!Types.insert(T).second)
      return "'unless-arg-type' lists '" + T + "' twice";
  for (const CoroutineAdvice &A : E.Advice) {
    if (std::string P = nameProblem(A.Coroutine, NameKind::Class); !P.empty())
      return "'for-coroutine': " + P;
    if (!A.Replace.empty() && !A.Rename.empty())
      return "'replace' and 'rename' cannot be combined";
  }
  return "";
}

std::string lineAndColumn(llvm::StringRef Text, llvm::StringRef Value) {
  auto IsWord = [](char C) {
    return llvm::isAlnum(C) || C == '_' || C == '-' || C == ':';
  };
  if (Value.empty())
    return "";
  for (size_t Pos = Text.find(Value); Pos != llvm::StringRef::npos;
       Pos = Text.find(Value, Pos + 1)) {
    size_t End = Pos + Value.size();
    if ((Pos > 0 && IsWord(Text[Pos - 1]) && IsWord(Value.front())) ||
        (End < Text.size() && IsWord(Text[End]) && IsWord(Value.back())))
      continue;
    llvm::StringRef Before = Text.take_front(Pos);
    size_t Line = Before.count('\n') + 1;
    size_t LineStart = Before.rfind('\n');
    size_t Col = LineStart == llvm::StringRef::npos ? Pos + 1 : Pos - LineStart;
    return std::to_string(Line) + ":" + std::to_string(Col);
  }
  return "";
}

namespace {

/// What decides whether two entries match the same calls, besides the name.
std::string conditionKey(const BlockingEntry &E) {
  std::string Key = std::to_string(E.MinArgs) + ";";
  auto Arg = [&](const ArgCondition &A) {
    Key += std::to_string(A.Index) + ":" + A.Object + ":" +
           (A.Value ? std::to_string(*A.Value) : "") + ":" + A.Type + ",";
  };
  if (E.Arg)
    Arg(*E.Arg);
  Key += ";";
  for (const ArgCondition &A : E.UnlessArgs)
    Arg(A);
  Key += ";";
  std::vector<std::string> Types = E.UnlessArgTypes;
  llvm::sort(Types);
  for (const std::string &T : Types)
    Key += T + ",";
  return Key;
}

/// The rules that relate the names of one document (the catalogue, or one
/// configuration's blocking-call options) to each other. Returns the problem
/// and the name it is about.
std::pair<std::string, std::string>
documentProblem(llvm::ArrayRef<BlockingEntry> Entries,
                llvm::ArrayRef<std::string> NonBlocking,
                llvm::ArrayRef<std::string> Offload,
                llvm::ArrayRef<std::string> FailurePaths,
                llvm::ArrayRef<std::string> BlockingExecutors) {
  // Names that may end in "::" for everything a namespace or class encloses.
  for (auto [List, Key] :
       {std::pair{FailurePaths, "failure-paths"},
        std::pair{BlockingExecutors, "blocking-executors"}}) {
    llvm::StringSet<> Listed;
    for (const std::string &N : List) {
      llvm::StringRef Name = N;
      bool Encloses = Name.consume_back("::");
      if (std::string P = nameProblem(Name, Encloses ? NameKind::Class
                                                     : NameKind::Function);
          !P.empty()) {
        // Name the entry as written, "::" included.
        if (std::string Quoted = "'" + Name.str() + "'";
            Encloses && llvm::StringRef(P).starts_with(Quoted))
          P = "'" + N + "'" + P.substr(Quoted.size());
        return {std::string(Key) + ": " + P, N};
      }
      if (!Listed.insert(N).second)
        return {std::string(Key) + ": '" + N + "' is listed twice", N};
    }
  }
  llvm::StringSet<> Exempt;
  for (const std::string &N : NonBlocking) {
    if (std::string P = nameProblem(N, NameKind::Function); !P.empty())
      return {"nonblocking: " + P, N};
    if (!Exempt.insert(N).second)
      return {"nonblocking: '" + N + "' is listed twice", N};
  }
  llvm::StringSet<> OffloadSeen;
  for (const std::string &N : Offload) {
    if (std::string P = nameProblem(N, NameKind::Function); !P.empty())
      return {"offload-functions: " + P, N};
    if (!OffloadSeen.insert(N).second)
      return {"offload-functions: '" + N + "' is listed twice", N};
  }
  llvm::StringSet<> Seen;
  for (const BlockingEntry &E : Entries) {
    std::string Condition = conditionKey(E);
    for (auto [List, Kind] : {std::pair{&E.Functions, "function"},
                              std::pair{&E.Patterns, "pattern"},
                              std::pair{&E.Constructors, "constructor"},
                              std::pair{&E.Destructors, "destructor"},
                              std::pair{&E.Objects, "object"}})
      for (const std::string &N : *List) {
        if (!Seen.insert(E.Category + "\x1f" + Kind + "\x1f" + N + "\x1f" +
                         Condition)
                 .second)
          return {std::string(Kind) + " '" + N +
                      "' is listed twice in category '" + E.Category + "'",
                  N};
        if (List == &E.Functions && Exempt.contains(N))
          return {"'" + N + "' is both an entry and a nonblocking exemption",
                  N};
      }
  }
  return {};
}

/// Categories that code fills rather than entries: annotations and
/// configuration ('user'), and a heuristic ('async-sibling').
bool filledByCode(llvm::StringRef Id) {
  return Id == "user" || Id == "async-sibling";
}

std::string categoryProblem(const BlockingCategory &C) {
  static const llvm::Regex Kebab("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  if (!Kebab.match(C.Id))
    return "category id '" + C.Id + "' must be kebab-case";
  llvm::StringRef S = C.Summary;
  if (S.trim().empty())
    return "category '" + C.Id + "' needs a summary";
  if (S.contains('\n') || S.ends_with("."))
    return "category '" + C.Id +
           "': the summary is one line without a final period";
  if (llvm::isUpper(S.front()))
    return "category '" + C.Id +
           "': the summary completes \"'NAME' <summary>\"; start it in lower "
           "case";
  if (llvm::StringRef(C.Title).trim().empty())
    return "category '" + C.Id + "' needs a title";
  return "";
}

llvm::Error problemAt(llvm::StringRef Where, llvm::StringRef Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 Where.str().c_str(), Message.str().c_str());
}

} // namespace

static void compilePatterns(BlockingEntry &E) {
  E.Compiled.clear();
  for (const std::string &P : E.Patterns)
    E.Compiled.push_back(std::make_shared<llvm::Regex>("^(" + P + ")$"));
}

llvm::Expected<Catalogue> Catalogue::parse(llvm::StringRef YAML,
                                           llvm::StringRef SourceName) {
  CatalogueDocument Doc;
  if (llvm::Error E =
          parseYamlDocument(YAML, SourceName, Doc, YamlDocument::Catalogue))
    return std::move(E);
  auto At = [&](llvm::StringRef Value) {
    std::string Pos = lineAndColumn(YAML, Value);
    return Pos.empty() ? SourceName.str() : SourceName.str() + ":" + Pos;
  };
  Catalogue C;
  C.Categories = std::move(Doc.Categories);
  C.NonBlocking = std::move(Doc.NonBlocking);
  C.Offload = std::move(Doc.Offload);
  C.FailurePaths = std::move(Doc.FailurePaths);
  C.BlockingExecutors = std::move(Doc.BlockingExecutors);
  C.Entries = std::move(Doc.Entries);
  llvm::StringSet<> Declared, Used;
  for (const BlockingCategory &Cat : C.Categories) {
    if (std::string P = categoryProblem(Cat); !P.empty())
      return problemAt(At("id: " + Cat.Id), P);
    if (!Declared.insert(Cat.Id).second)
      return problemAt(At("id: " + Cat.Id),
                       "category '" + Cat.Id + "' is declared twice");
  }
  for (const BlockingEntry &E : C.Entries) {
    if (!Declared.contains(E.Category))
      return problemAt(At("category: " + E.Category),
                       "entry uses undeclared category '" + E.Category + "'");
    if (!E.Reason.empty())
      return problemAt(At("reason:"),
                       "'reason' is for configured entries; a catalogue "
                       "entry is explained by its category's summary");
    Used.insert(E.Category);
  }
  for (const BlockingCategory &Cat : C.Categories)
    if (!Used.contains(Cat.Id) && !filledByCode(Cat.Id))
      return problemAt(At("id: " + Cat.Id), "category '" + Cat.Id +
                                                "' is declared but no entry "
                                                "uses it");
  auto [Problem, Name] = documentProblem(C.Entries, C.NonBlocking, C.Offload,
                                         C.FailurePaths, C.BlockingExecutors);
  if (!Problem.empty())
    return problemAt(At(Name), Problem);
  for (BlockingEntry &E : C.Entries)
    compilePatterns(E);
  C.reindex();
  return C;
}

Catalogue::AdditionsProblem
Catalogue::additionsProblem(const CatalogueAdditions &A,
                            llvm::ArrayRef<std::string> Disabled) const {
  for (const BlockingEntry &E : A.Extra) {
    if (!category(E.Category))
      return {"extra", "unknown category '" + E.Category + "'", E.Category};
    // Entries from a YAML file met these rules as they were read; entries
    // made in code meet them here.
    if (std::string P = blockingEntryProblem(E); !P.empty())
      return {"extra", P, ""};
  }
  for (const std::string &Id : Disabled)
    if (!category(Id))
      return {"disabled-categories", "unknown category '" + Id + "'", Id};
  auto [Problem, Name] = documentProblem(A.Extra, A.NonBlocking, A.Offload,
                                         A.FailurePaths, A.BlockingExecutors);
  return {"", Problem, Name};
}

Catalogue Catalogue::extendedWith(const CatalogueAdditions &A) const {
  Catalogue C = *this;
  for (const BlockingEntry &E : A.Extra) {
    C.Entries.push_back(E);
    compilePatterns(C.Entries.back());
  }
  llvm::append_range(C.NonBlocking, A.NonBlocking);
  llvm::append_range(C.Offload, A.Offload);
  llvm::append_range(C.FailurePaths, A.FailurePaths);
  llvm::append_range(C.BlockingExecutors, A.BlockingExecutors);
  C.reindex();
  return C;
}

} // namespace corolint
