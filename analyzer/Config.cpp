//===- Config.cpp - .corolint.yaml: which checks, and how they behave -----===//
//
// The reader knows only the keys that are the tool's own (checks, strict,
// header-filter). Every other top-level key is a check's section: its text
// is kept, where it stands in the file, for the check to read with its own
// mapping (CheckSection::read); the registry refuses a name that is no
// check's.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Config.h"
#include "analyzer/HeaderFilter.h"
#include "analyzer/InputFile.h"
#include "analyzer/Suppression.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLParser.h"

namespace corolint {

namespace {

/// "Path:line:col" of the first occurrence of Value as a word in Text; Path
/// alone if it is not there.
std::string locate(llvm::StringRef Text, llvm::StringRef Path,
                   llvm::StringRef Value) {
  std::string Pos = lineAndColumn(Text, Value);
  return Pos.empty() ? Path.str() : Path.str() + ":" + Pos;
}

/// Reads the top-level mapping of a .corolint.yaml: the tool's own keys into
/// C, the checks' sections into C.Sections.
class TopLevelReader {
public:
  TopLevelReader(llvm::StringRef Text, llvm::StringRef Path)
      : Text(Text), Path(Path) {
    SM.setDiagHandler(
        [](const llvm::SMDiagnostic &D, void *Ctx) {
          auto *Self = static_cast<TopLevelReader *>(Ctx);
          if (!Self->Problem.empty())
            return; // The first problem is the one worth reading.
          Self->Problem =
              Self->Path.str() + ":" + std::to_string(D.getLineNo()) + ":" +
              std::to_string(D.getColumnNo() + 1) + ": " + D.getMessage().str();
        },
        this);
  }

  llvm::Error read(Config &C) {
    llvm::yaml::Stream YAML(Text, SM);
    for (llvm::yaml::Document &Doc : YAML) {
      llvm::yaml::Node *Root = Doc.getRoot();
      if (!Root || llvm::isa<llvm::yaml::NullNode>(Root))
        continue;
      auto *Top = llvm::dyn_cast<llvm::yaml::MappingNode>(Root);
      if (!Top) {
        fail(Root, "expected a mapping of settings and checks");
        break;
      }
      for (llvm::yaml::KeyValueNode &KV : *Top) {
        if (!Problem.empty())
          break;
        readEntry(KV, C);
      }
      break; // One document; what follows a "---" is not read.
    }
    if (YAML.failed() && Problem.empty())
      Problem = (Path + ": malformed YAML").str();
    if (!Problem.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(), Problem);
    return llvm::Error::success();
  }

private:
  void fail(llvm::yaml::Node *N, const llvm::Twine &Message) {
    SM.PrintMessage(N->getSourceRange().Start, llvm::SourceMgr::DK_Error,
                    Message);
  }

  /// The value of a scalar, or nothing (and a problem) for another node.
  std::optional<std::string> scalar(llvm::yaml::Node *N) {
    auto *S = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(N);
    if (!S) {
      if (N)
        fail(N, "expected a scalar value");
      return std::nullopt;
    }
    llvm::SmallString<64> Storage;
    return S->getValue(Storage).str();
  }

  void readEntry(llvm::yaml::KeyValueNode &KV, Config &C) {
    std::optional<std::string> Key = scalar(KV.getKey());
    if (!Key)
      return;
    if (!Seen.insert(*Key).second)
      return fail(KV.getKey(), "duplicated mapping key '" + *Key + "'");
    llvm::yaml::Node *Value = KV.getValue();
    if (!Value || llvm::isa<llvm::yaml::NullNode>(Value))
      return; // "key:" with nothing after it: every default.
    if (*Key == "checks" || *Key == "header-filter") {
      std::optional<std::string> V = scalar(Value);
      if (V)
        (*Key == "checks" ? C.Checks : C.HeaderFilter) = *V;
      return;
    }
    if (*Key == "strict") {
      std::optional<std::string> V = scalar(Value);
      if (!V)
        return;
      llvm::StringRef Bool =
          llvm::yaml::ScalarTraits<bool>::input(*V, nullptr, C.Strict);
      if (!Bool.empty())
        fail(Value, Bool);
      return;
    }
    // A check's section: kept as text at the place it has in the file.
    if (!llvm::isa<llvm::yaml::MappingNode>(Value))
      return fail(Value, "expected a mapping of '" + *Key + "' options");
    const char *Begin = Value->getSourceRange().Start.getPointer();
    // A flow mapping's node starts after its brace.
    if (Begin) {
      llvm::StringRef Before =
          Text.take_front(Begin - Text.data()).rtrim(" \t\r\n");
      if (Before.ends_with("{"))
        Begin = Before.end() - 1;
    }
    llvm::StringRef Rest =
        Begin ? Text.drop_front(Begin - Text.data()) : llvm::StringRef();
    C.Sections.emplace_back(*Key,
                            CheckSection(placed(Begin, sectionLength(Rest)),
                                         Path.str(), where(KV.getKey())));
  }

  /// "path:line:col" of N.
  std::string where(llvm::yaml::Node *N) {
    auto [Line, Column] = SM.getLineAndColumn(N->getSourceRange().Start);
    return Path.str() + ":" + std::to_string(Line) + ":" +
           std::to_string(Column);
  }

  /// How much of Rest (the text from a section's start) is the section: a
  /// flow mapping up to its closing brace; a block mapping up to the next
  /// line that starts a top-level key (or the end).
  static size_t sectionLength(llvm::StringRef Rest) {
    if (Rest.starts_with("{")) {
      int Depth = 0;
      char Quote = 0;
      for (size_t I = 0; I < Rest.size(); ++I) {
        char Ch = Rest[I];
        if (Quote) {
          if (Ch == '\\' && Quote == '"')
            ++I;
          else if (Ch == Quote)
            Quote = 0;
        } else if (Ch == '"' || Ch == '\'') {
          Quote = Ch;
        } else if (Ch == '{' || Ch == '[') {
          ++Depth;
        } else if ((Ch == '}' || Ch == ']') && --Depth == 0) {
          return I + 1;
        }
      }
      return Rest.size();
    }
    for (size_t Line = Rest.find('\n'); Line != llvm::StringRef::npos;
         Line = Rest.find('\n', Line + 1)) {
      llvm::StringRef Next = Rest.drop_front(Line + 1);
      if (!Next.empty() && !llvm::isSpace(Next[0]) && Next[0] != '#')
        return Line + 1;
    }
    return Rest.size();
  }

  /// The Length bytes at Begin, preceded by as many line breaks and spaces
  /// as stand before them in the file: read on their own, they keep their
  /// lines and columns.
  std::string placed(const char *Begin, size_t Length) {
    if (!Begin)
      return "";
    size_t Offset = Begin - Text.data();
    llvm::StringRef Before = Text.take_front(Offset);
    size_t LineStart = Before.rfind('\n');
    LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
    std::string Out(Before.count('\n'), '\n');
    Out.append(Offset - LineStart, ' ');
    Out.append(Begin, Length);
    return Out;
  }

  llvm::StringRef Text, Path;
  llvm::SourceMgr SM;
  std::string Problem;
  llvm::StringSet<> Seen;
};

} // namespace

const CheckSection &Config::options(llvm::StringRef Check) const {
  static const CheckSection None;
  for (const auto &[Name, Options] : Sections)
    if (Name == Check)
      return Options;
  return None;
}

llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path) {
  Config C;
  // An empty file (or one of only comments) is a valid, empty configuration.
  if (Text.trim().empty()) {
    C.Source = Path.str();
    return C;
  }
  // The parser recurses once per level of nesting: 40,000 '[' would
  // overflow the stack before it reported anything.
  if (llvm::Error E = checkNesting(Text, Path, /*Indentation=*/true))
    return std::move(E);
  if (llvm::Error E = TopLevelReader(Text, Path).read(C))
    return std::move(E);
  // A list of globs that cannot be read would select nothing, silently.
  if (llvm::Error E = checkGlobs(C.Checks)) {
    std::string Why = llvm::toString(std::move(E));
    // "invalid glob 'G': why"
    llvm::StringRef Glob =
        llvm::StringRef(Why).split("glob '").second.split("': ").first;
    return llvm::createStringError(
        std::errc::invalid_argument, "%s: checks: %s",
        locate(Text, Path, Glob).c_str(), Why.c_str());
  }
  C.Source = Path.str();
  if (llvm::Error E = HeaderFilter::validate(C.HeaderFilter))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                   configLocation(C, C.HeaderFilter).c_str(),
                                   llvm::toString(std::move(E)).c_str());
  return C;
}

llvm::Expected<std::optional<Config>> loadConfigFor(llvm::StringRef File) {
  llvm::SmallString<256> Dir(File);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ConfigFileName);
    if (llvm::sys::fs::exists(Candidate)) {
      auto Text =
          readRegularFile(Candidate, size_limit::Config, "configuration");
      if (!Text)
        return Text.takeError();
      auto C = parseConfig(*Text, Candidate);
      if (!C)
        return C.takeError();
      return std::optional<Config>(std::move(*C));
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return std::optional<Config>();
}

std::string configLocation(const Config &Settings, llvm::StringRef Value) {
  if (Settings.Source.empty())
    return "configuration";
  auto Text = readRegularFile(Settings.Source, size_limit::Config);
  if (!Text) {
    llvm::consumeError(Text.takeError());
    return Settings.Source;
  }
  return locate(*Text, Settings.Source, Value);
}

} // namespace corolint
