//===- ProtocolTest.cpp - LSP structs from and to JSON --------------------===//
#include "lsp/Protocol.h"
#include "gtest/gtest.h"

namespace corolint::lsp {
namespace {

TEST(Protocol, ReadsDidChangeWithAndWithoutRanges) {
  json J = json::parse(R"({
    "textDocument": {"uri": "file:///tmp/a.cpp", "version": 3},
    "contentChanges": [
      {"range": {"start": {"line": 1, "character": 2},
                 "end": {"line": 1, "character": 4}}, "text": "xy"},
      {"text": "whole"}
    ]})");
  DidChangeTextDocumentParams P;
  std::string Error;
  ASSERT_TRUE(fromJSON(J, P, JSONPath(), Error)) << Error;
  EXPECT_EQ(P.textDocument.version, 3);
  ASSERT_EQ(P.contentChanges.size(), 2u);
  ASSERT_TRUE(P.contentChanges[0].range.has_value());
  EXPECT_EQ(P.contentChanges[0].range->end.character, 4);
  EXPECT_FALSE(P.contentChanges[1].range.has_value());
}

TEST(Protocol, NamesTheFirstBadField) {
  json J = json::parse(R"({"textDocument": {"uri": 5, "version": 1},
                           "contentChanges": []})");
  DidChangeTextDocumentParams P;
  std::string Error;
  EXPECT_FALSE(fromJSON(J, P, JSONPath(), Error));
  EXPECT_EQ(Error, "params.textDocument.uri: expected a string");
}

TEST(Protocol, RejectsNegativePositions) {
  Position P;
  std::string Error;
  EXPECT_FALSE(fromJSON(json::parse(R"({"line": -1, "character": 0})"), P,
                        JSONPath(), Error));
}

TEST(Protocol, ReadsCapabilities) {
  json J = json::parse(R"({
    "general": {"positionEncodings": ["utf-8", "utf-16"]},
    "textDocument": {"publishDiagnostics": {"versionSupport": true,
                                            "relatedInformation": true,
                                            "codeDescriptionSupport": true,
                                            "dataSupport": true},
                     "diagnostic": {},
                     "hover": {"contentFormat": ["markdown", "plaintext"]}},
    "window": {"workDoneProgress": true},
    "workspace": {"configuration": true}})");
  ClientCapabilities C;
  std::string Error;
  ASSERT_TRUE(fromJSON(J, C, JSONPath(), Error));
  EXPECT_EQ(C.positionEncodings.size(), 2u);
  EXPECT_TRUE(C.diagnosticRelatedInformation);
  EXPECT_TRUE(C.pullDiagnostics);
  EXPECT_TRUE(C.hoverMarkdown);
  EXPECT_TRUE(C.workDoneProgress);
  EXPECT_TRUE(C.workspaceConfiguration);
  EXPECT_FALSE(C.watchedFilesDynamic);
}

TEST(Protocol, WritesDiagnostics) {
  Diagnostic D;
  D.range = {{1, 2}, {1, 5}};
  D.code = "unawaited-task";
  D.codeDescription = "https://example/unawaited-task";
  D.message = "task is never awaited";
  D.relatedInformation.push_back(
      {{URI{"file:///a.cpp"}, {{3, 0}, {3, 1}}}, "suspends here"});
  D.data = DiagnosticData{3, {TextEdit{{{1, 2}, {1, 2}}, "co_await "}}};
  json J = toJSON(D);
  EXPECT_EQ(J["code"], "unawaited-task");
  EXPECT_EQ(J["codeDescription"]["href"], "https://example/unawaited-task");
  EXPECT_EQ(J["source"], "corolint");
  EXPECT_EQ(J["severity"], 2);
  EXPECT_EQ(J["relatedInformation"][0]["location"]["range"]["start"]["line"],
            3);
  Diagnostic Back;
  std::string Error;
  ASSERT_TRUE(fromJSON(J, Back, JSONPath(), Error)) << Error;
  EXPECT_EQ(Back.code, "unawaited-task");
  EXPECT_EQ(Back.range, D.range);
  EXPECT_EQ(Back.data, D.data);
}

TEST(Protocol, DiagnosticDataThatDoesNotDecodeIsLeftOut) {
  // `data` comes back from the client: whatever it holds, the diagnostic is
  // read, without the data if that is not what the server sent.
  const char *Bad[] = {
      R"({"fixes":[1],"version":1})",
      R"({"fixes":[{"newText":"x","range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}}],"version":"1"})",
      R"({"fixes":[{"newText":"x"}],"version":1})",
      R"({"fixes":[{"newText":"x","range":5}],"version":1})",
      R"({"fixes":[{"newText":"x","range":{}}],"version":1})",
      R"({"fixes":[{"newText":1,"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}}],"version":1})",
      R"({"fixes":[{"newText":"x","range":{"start":{"line":-1,"character":0},"end":{"line":0,"character":0}}}],"version":1})",
      R"({"fixes":{},"version":1})",
      R"({"version":18446744073709551615,"fixes":[]})",
      R"("text")",
      R"([])",
  };
  for (const char *Data : Bad) {
    json J = json::parse(
        R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","data":)" +
        std::string(Data) + "}");
    Diagnostic D;
    std::string Error;
    EXPECT_TRUE(fromJSON(J, D, JSONPath(), Error)) << Data << ": " << Error;
    EXPECT_FALSE(D.data) << Data;
  }
  json Good = json::parse(
      R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","data":{"version":2,"fixes":[{"newText":"co_await ","range":{"start":{"line":4,"character":1},"end":{"line":4,"character":1}}}]}})");
  Diagnostic D;
  std::string Error;
  ASSERT_TRUE(fromJSON(Good, D, JSONPath(), Error)) << Error;
  ASSERT_TRUE(D.data);
  EXPECT_EQ(D.data->version, 2);
  ASSERT_EQ(D.data->fixes.size(), 1u);
  EXPECT_EQ(D.data->fixes[0].range.start, (Position{4, 1}));
  EXPECT_EQ(D.data->fixes[0].newText, "co_await ");
}

TEST(Protocol, WronglyTypedParametersNameTheirField) {
  auto ErrorFor = [](const char *Text) {
    CodeActionParams P;
    std::string Error;
    EXPECT_FALSE(fromJSON(json::parse(Text), P, JSONPath(), Error));
    return Error;
  };
  EXPECT_EQ(
      ErrorFor(
          R"({"textDocument":{"uri":"file:///a"},"range":5,"context":{"diagnostics":[]}})"),
      "params.range: expected an object");
  EXPECT_EQ(
      ErrorFor(
          R"({"textDocument":{"uri":"file:///a"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[{"message":"m","range":{}}]}})"),
      "params.context.diagnostics[0].range.start: missing");
  EXPECT_EQ(
      ErrorFor(
          R"({"textDocument":{"uri":"file:///a"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[{"message":"m","severity":9,"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}}]}})"),
      "params.context.diagnostics[0].severity: expected 1 to 4");
  Position Pos;
  std::string Error;
  EXPECT_FALSE(
      fromJSON(json::parse(R"({"line":18446744073709551615,"character":0})"),
               Pos, JSONPath(), Error));
  EXPECT_EQ(Error, "params.line: integer out of range");
}

TEST(Protocol, URIsRoundTripWithPercentEncoding) {
  URI U = URI::fromPath("/tmp/my dir/ü.cpp");
  EXPECT_EQ(U.Text, "file:///tmp/my%20dir/%C3%BC.cpp");
  EXPECT_EQ(U.path(), "/tmp/my dir/ü.cpp");
  EXPECT_EQ(URI{"file://localhost/x.cpp"}.path(), "/x.cpp");
  EXPECT_EQ(URI{"untitled:Untitled-1"}.path(), "");
  EXPECT_EQ(URI{"file:///a%2"}.path(), "/a%2");
}

TEST(Protocol, CancelIdsAreNumbersOrStrings) {
  CancelParams C;
  std::string Error;
  EXPECT_TRUE(fromJSON(json::parse(R"({"id": 4})"), C, JSONPath(), Error));
  EXPECT_TRUE(fromJSON(json::parse(R"({"id": "x"})"), C, JSONPath(), Error));
  EXPECT_FALSE(fromJSON(json::parse(R"({"id": [1]})"), C, JSONPath(), Error));
}

} // namespace
} // namespace corolint::lsp
