//===- YamlTraits.h - YAML mappings shared by the catalogue and config ----===//
//
// The catalogue document and a check's section of .corolint.yaml share the
// shape of a blocking entry, so they share its YAML mapping, and every
// document is reported malformed the same way: "file:line:col: message".
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_YAMLTRAITS_H
#define COROLINT_ANALYZER_YAMLTRAITS_H

#include "analyzer/Catalogue.h"
#include "analyzer/InputFile.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::BlockingCategory)
LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::BlockingEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::ArgCondition)
LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::CoroutineAdvice)

namespace corolint {

/// Which document a YAML mapping is read from: the catalogue states every
/// entry's tier; a configuration's entries default to tier 1.
enum class YamlDocument { Configuration, Catalogue };

/// The first rule of the catalogue's schema that E breaks, or "" (the rules
/// are in Catalogue.cpp; they hold for the built-in catalogue and for
/// entries in .corolint.yaml alike).
std::string blockingEntryProblem(const BlockingEntry &E);

/// "line:col" of the first occurrence of Value in Text that is not part of a
/// longer name, or "" when there is none.
std::string lineAndColumn(llvm::StringRef Text, llvm::StringRef Value);

} // namespace corolint

namespace llvm::yaml {

template <> struct MappingTraits<corolint::BlockingCategory> {
  static void mapping(IO &IO, corolint::BlockingCategory &C) {
    IO.mapRequired("id", C.Id);
    IO.mapRequired("summary", C.Summary);
    IO.mapOptional("title", C.Title);
  }
};

template <> struct MappingTraits<corolint::ArgCondition> {
  static void mapping(IO &IO, corolint::ArgCondition &A) {
    IO.mapRequired("index", A.Index);
    IO.mapOptional("object", A.Object);
    IO.mapOptional("value", A.Value);
    IO.mapOptional("type", A.Type);
  }
};

template <> struct MappingTraits<corolint::CoroutineAdvice> {
  static void mapping(IO &IO, corolint::CoroutineAdvice &A) {
    IO.mapRequired("coroutine", A.Coroutine);
    IO.mapOptional("suggest", A.Suggest);
    IO.mapOptional("replace", A.Replace);
    IO.mapOptional("rename", A.Rename);
    IO.mapOptional("append-arg", A.AppendArg);
    IO.mapOptional("await", A.Await, false);
  }
};

template <> struct MappingTraits<corolint::BlockingEntry> {
  static void mapping(IO &IO, corolint::BlockingEntry &E) {
    // User entries default to the 'user' category.
    IO.mapOptional("category", E.Category, std::string("user"));
    if (IO.getContext() == &CatalogueContext)
      IO.mapRequired("tier", E.Tier);
    else
      IO.mapOptional("tier", E.Tier, 1u);
    IO.mapOptional("suggest", E.Suggest);
    IO.mapOptional("reason", E.Reason);
    IO.mapOptional("functions", E.Functions);
    IO.mapOptional("patterns", E.Patterns);
    IO.mapOptional("constructors", E.Constructors);
    IO.mapOptional("destructors", E.Destructors);
    IO.mapOptional("objects", E.Objects);
    IO.mapOptional("min-args", E.MinArgs, 0u);
    IO.mapOptional("arg", E.Arg);
    IO.mapOptional("unless-arg", E.UnlessArgs);
    IO.mapOptional("unless-arg-type", E.UnlessArgTypes);
    IO.mapOptional("for-coroutine", E.Advice);
  }
  static std::string validate(IO &, corolint::BlockingEntry &E) {
    return corolint::blockingEntryProblem(E);
  }
  /// The context a catalogue document is read with.
  static inline char CatalogueContext;
};

} // namespace llvm::yaml

namespace corolint {

/// Parses Text as a YAML document into Out. On failure the error names
/// SourceName with the line and column of the first problem.
template <typename T>
llvm::Error parseYamlDocument(llvm::StringRef Text, llvm::StringRef SourceName,
                              T &Out,
                              YamlDocument Kind = YamlDocument::Configuration) {
  // The parser recurses once per level of nesting: 40,000 '[' would
  // overflow the stack before it reported anything.
  if (llvm::Error E = checkNesting(Text, SourceName, /*Indentation=*/true))
    return E;
  std::string Messages;
  struct Capture {
    std::string *Messages;
    std::string Source;
  } Cap{&Messages, SourceName.str()};
  auto Handler = [](const llvm::SMDiagnostic &D, void *Ctx) {
    auto *C = static_cast<Capture *>(Ctx);
    if (!C->Messages->empty())
      return; // The first problem is the one worth reading.
    llvm::raw_string_ostream OS(*C->Messages);
    OS << C->Source << ":" << D.getLineNo() << ":" << (D.getColumnNo() + 1)
       << ": " << D.getMessage();
  };
  llvm::MemoryBufferRef Buffer(Text, SourceName);
  void *Context =
      Kind == YamlDocument::Catalogue
          ? &llvm::yaml::MappingTraits<BlockingEntry>::CatalogueContext
          : nullptr;
  llvm::yaml::Input In(Buffer, Context, Handler, &Cap);
  In >> Out;
  if (In.error()) {
    if (Messages.empty())
      Messages = (SourceName + ": malformed YAML").str();
    return llvm::createStringError(llvm::inconvertibleErrorCode(), Messages);
  }
  return llvm::Error::success();
}

} // namespace corolint

#endif
