//===- YamlTraits.h - YAML mappings shared by the catalogue and config ----===//
//
// Internal to the analyzer: the catalogue document and .corolint.yaml share
// the shape of a blocking entry, so they share its YAML mapping, and both
// report a malformed document the same way: "file:line:col: message".
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
  static std::string validate(IO &, corolint::ArgCondition &A) {
    if (!A.Object.empty() + A.Value.has_value() + !A.Type.empty() != 1)
      return "an argument condition needs exactly one of 'object', 'value' "
             "and 'type'";
    return "";
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
  static std::string validate(IO &, corolint::CoroutineAdvice &A) {
    if (!A.Replace.empty() && !A.Rename.empty())
      return "'replace' and 'rename' cannot be combined";
    return "";
  }
};

template <> struct MappingTraits<corolint::BlockingEntry> {
  static void mapping(IO &IO, corolint::BlockingEntry &E) {
    // User entries default to the 'user' category.
    IO.mapOptional("category", E.Category, std::string("user"));
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
    if (E.Tier < 1 || E.Tier > 3)
      return "'tier' must be 1, 2 or 3";
    if (E.Functions.empty() && E.Patterns.empty() && E.Constructors.empty() &&
        E.Destructors.empty() && E.Objects.empty())
      return "an entry needs at least one of 'functions', 'patterns', "
             "'constructors', 'destructors' or 'objects'";
    for (const std::string &P : E.Patterns) {
      std::string Error;
      if (!llvm::Regex("^(" + P + ")$").isValid(Error))
        return "invalid pattern '" + P + "': " + Error;
    }
    return "";
  }
};

} // namespace llvm::yaml

namespace corolint {

/// Parses Text as a YAML document into Out. On failure the error names
/// SourceName with the line and column of the first problem.
template <typename T>
llvm::Error parseYamlDocument(llvm::StringRef Text, llvm::StringRef SourceName,
                              T &Out) {
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
  llvm::yaml::Input In(Buffer, nullptr, Handler, &Cap);
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
