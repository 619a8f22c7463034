//===- ReportFormatsTest.cpp - Fingerprints, baselines, SARIF, GitHub -----===//
#include "analyzer/Baseline.h"
#include "analyzer/Fingerprint.h"
#include "analyzer/Render.h"
#include "analyzer/Sarif.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <nlohmann/json.hpp>

using namespace corolint;

namespace {

/// A temporary directory, removed with its files at the end of the test.
struct TempDir {
  llvm::SmallString<128> Path;
  TempDir() { llvm::sys::fs::createUniqueDirectory("corolint-report", Path); }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    llvm::SmallString<128> File(Path);
    llvm::sys::path::append(File, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC);
    OS << Text;
    return File.str().str();
  }
};

Diagnostic finding(const std::string &File, unsigned Line, unsigned Column,
                   std::string Message = "'sleep' sleeps the thread") {
  Diagnostic D;
  D.Check = "blocking-call";
  D.Message = std::move(Message);
  D.Range.File = File;
  D.Range.Begin = {Line, Column, 0};
  D.Range.End = {Line, Column + 5, 0};
  return D;
}

TEST(Fingerprint, NormalizesWhitespace) {
  EXPECT_EQ(normalizeSourceText("  a  (\tb )\n  c; \n"), "a ( b ) c;");
  EXPECT_EQ(normalizeSourceText(" \n"), "");
}

TEST(Fingerprint, PathsBelowTheRoot) {
  EXPECT_EQ(pathBelow("/r/src/./a.cpp", "/r"), "src/a.cpp");
  EXPECT_EQ(pathBelow("/r/src/a.cpp", "/r/"), "src/a.cpp");
  EXPECT_EQ(pathBelow("/rx/a.cpp", "/r"), "/rx/a.cpp");
  EXPECT_EQ(pathBelow("/other/../r/a.cpp", "/r"), "a.cpp");
}

TEST(Fingerprint, SurvivesLineShiftsAndReindentation) {
  TempDir Before, After;
  std::string A = Before.write("a.cpp", "x\n  sleep(1);\n");
  std::string B = After.write("a.cpp", "new\nlines\nx\n\tsleep(1);  \n");
  SourceLines Sources;
  std::vector<Diagnostic> DA{finding(A, 2, 3)}, DB{finding(B, 4, 2)};
  auto IA = identifyFindings(DA, Before.Path, Sources);
  auto IB = identifyFindings(DB, After.Path, Sources);
  EXPECT_EQ(IA[0].Path, "a.cpp");
  EXPECT_EQ(IA[0].Fingerprint, IB[0].Fingerprint);
  EXPECT_EQ(IA[0].Fingerprint.size(), 16u);

  // A different line, check or message is a different finding.
  std::vector<Diagnostic> Other{finding(A, 1, 1), finding(A, 2, 3, "other")};
  auto IO = identifyFindings(Other, Before.Path, Sources);
  EXPECT_NE(IO[0].Fingerprint, IA[0].Fingerprint);
  EXPECT_NE(IO[1].Fingerprint, IA[0].Fingerprint);
}

TEST(Fingerprint, IdenticalFindingsAreCountedInOrder) {
  TempDir Dir;
  std::string A = Dir.write("a.cpp", "sleep(1);\nsleep(1);\nsleep(2);\n");
  SourceLines Sources;
  std::vector<Diagnostic> D{finding(A, 1, 1), finding(A, 2, 1),
                            finding(A, 3, 1)};
  auto Ids = identifyFindings(D, Dir.Path, Sources);
  EXPECT_EQ(Ids[0].Fingerprint, Ids[1].Fingerprint);
  EXPECT_EQ(Ids[0].Occurrence, 0u);
  EXPECT_EQ(Ids[1].Occurrence, 1u);
  EXPECT_NE(Ids[2].Fingerprint, Ids[0].Fingerprint);
  EXPECT_EQ(Ids[2].Occurrence, 0u);
}

TEST(Baseline, IsAMultiset) {
  TempDir Dir;
  std::string A = Dir.write("a.cpp", "sleep(1);\nsleep(1);\n");
  std::string Path = (Dir.Path + "/baseline.json").str();
  SourceLines Sources;
  std::vector<Diagnostic> Old{finding(A, 1, 1)};
  ASSERT_FALSE(llvm::errorToBool(writeBaseline(Old, Path, Sources)));
  auto B = Baseline::load(Path);
  ASSERT_TRUE(bool(B)) << llvm::toString(B.takeError());

  std::vector<Diagnostic> Now{finding(A, 1, 1), finding(A, 2, 1)};
  std::vector<Diagnostic> New = B->newFindings(Now, Sources);
  ASSERT_EQ(New.size(), 1u);
  EXPECT_EQ(New[0].Range.Begin.Line, 2u);
  EXPECT_TRUE(B->newFindings(Old, Sources).empty());
}

TEST(Baseline, NamesWhatIsWrong) {
  TempDir Dir;
  auto Missing = Baseline::load((Dir.Path + "/none.json").str());
  ASSERT_FALSE(bool(Missing));
  EXPECT_NE(llvm::toString(Missing.takeError()).find("cannot read baseline"),
            std::string::npos);
  std::string Bad = Dir.write(
      "bad.json", R"({"version": 1, "findings": [{"file": "a", "check": "c",
      "message": "m", "fingerprint": "f", "count": 0}]})");
  auto B = Baseline::load(Bad);
  ASSERT_FALSE(bool(B));
  EXPECT_NE(llvm::toString(B.takeError())
                .find("findings[0]: \"count\" must be a positive integer"),
            std::string::npos);
}

TEST(Github, EscapesPropertiesAndMessage) {
  Diagnostic D = finding("dir/a,b:c%.cpp", 3, 5, "50% done\r\nnext: a, b");
  D.Check = "odd:check,name";
  EXPECT_EQ(renderGithub(D),
            "::warning file=dir/a%2Cb%3Ac%25.cpp,line=3,col=5,endLine=3,"
            "endColumn=10,title=odd%3Acheck%2Cname::50%25 done%0D%0Anext: a, "
            "b\n");
}

TEST(Github, Levels) {
  Diagnostic D = finding("a.cpp", 1, 1);
  D.Level = Severity::Error;
  EXPECT_EQ(renderGithub(D).rfind("::error ", 0), 0u);
  D.Level = Severity::Note;
  EXPECT_EQ(renderGithub(D).rfind("::notice ", 0), 0u);
}

TEST(Sarif, ColumnsInUtf16AndLinksToNotes) {
  TempDir Dir;
  // "é" is two bytes and one UTF-16 unit; "😀" four bytes and two units.
  std::string A = Dir.write("a.cpp", "/*é😀*/ sleep(1);\n");
  Diagnostic D = finding(A, 1, 12);
  D.Notes.push_back({D.Range, "a [note]"});
  SarifOptions O;
  O.ToolVersion = "1.2.3";
  O.InformationUri = "https://example.com/corolint/docs";
  O.Rules.push_back(
      {"blocking-call", "blocks",
       "# blocking-call\n\n## What it "
       "does\nFinds\ncalls.\n\nMore.\n",
       "https://example.com/corolint/docs/checks/blocking-call.md"});
  O.SourceRoot = Dir.Path.str().str();
  SourceLines Sources;
  std::vector<Diagnostic> Findings{D};
  auto Log = nlohmann::json::parse(renderSarif(Findings, {}, O, Sources));
  const auto &Run = Log["runs"][0];
  const auto &Rule = Run["tool"]["driver"]["rules"][0];
  EXPECT_EQ(Rule["fullDescription"]["text"], "Finds calls.");
  EXPECT_EQ(Rule["helpUri"], O.Rules[0].HelpUri);
  EXPECT_EQ(Run["tool"]["driver"]["informationUri"], O.InformationUri);
  const auto &R = Run["results"][0];
  EXPECT_EQ(R["locations"][0]["physicalLocation"]["region"]["startColumn"], 9);
  EXPECT_EQ(R["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "a.cpp");
  EXPECT_EQ(R["message"]["text"],
            "'sleep' sleeps the thread\nnote: [a \\[note\\]](1)");
  EXPECT_EQ(R["relatedLocations"][0]["id"], 1);
}

} // namespace
