//===- TransportTest.cpp - Content-Length framing against hostile input ---===//
#include "lsp/Transport.h"
#include "gtest/gtest.h"
#include <cstdio>
#include <thread>
#include <unistd.h>

namespace corolint::lsp {
namespace {

/// Reads every frame from Input with a transport capped at Cap bytes.
std::vector<IncomingMessage> readAll(const std::string &Input,
                                     size_t Cap = 1024) {
  std::FILE *In = fmemopen(const_cast<char *>(Input.data()), Input.size(), "r");
  if (Input.empty())
    In = std::fopen("/dev/null", "r");
  Transport T(In, stdout, Cap);
  std::vector<IncomingMessage> Out;
  while (true) {
    IncomingMessage M = T.read();
    bool Done = M.Status == IncomingMessage::EndOfInput;
    Out.push_back(std::move(M));
    if (Done)
      break;
  }
  std::fclose(In);
  return Out;
}

std::string frame(const std::string &Body) {
  return "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
}

TEST(Transport, ReadsConsecutiveMessages) {
  auto Msgs = readAll(frame(R"({"a":1})") + frame(R"({"b":[2]})"));
  ASSERT_EQ(Msgs.size(), 3u);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::Message);
  EXPECT_EQ(Msgs[0].Value["a"], 1);
  EXPECT_EQ(Msgs[1].Value["b"][0], 2);
  EXPECT_EQ(Msgs[2].Status, IncomingMessage::EndOfInput);
}

TEST(Transport, HeaderNamesAreCaseInsensitiveAndExtraHeadersIgnored) {
  std::string Body = R"({"x":true})";
  auto Msgs = readAll("content-length:  " + std::to_string(Body.size()) +
                      "\r\nContent-Type: application/vscode-jsonrpc; "
                      "charset=utf-8\r\n\r\n" +
                      Body);
  ASSERT_EQ(Msgs[0].Status, IncomingMessage::Message);
  EXPECT_EQ(Msgs[0].Value["x"], true);
}

TEST(Transport, InvalidJSONIsAParseErrorAndReadingGoesOn) {
  auto Msgs = readAll(frame("{not json") + frame(R"({"ok":1})"));
  ASSERT_EQ(Msgs.size(), 3u);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::ParseError);
  EXPECT_EQ(Msgs[1].Status, IncomingMessage::Message);
  EXPECT_EQ(Msgs[1].Value["ok"], 1);
}

TEST(Transport, MissingContentLengthIsAParseError) {
  auto Msgs = readAll("X-Nonsense: 1\r\n\r\n" + frame(R"({"ok":1})"));
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::ParseError);
  EXPECT_EQ(Msgs[1].Value["ok"], 1);
}

TEST(Transport, GarbageLinesBeforeAHeaderAreSkipped) {
  auto Msgs = readAll("garbage without colon\r\n" + frame(R"({"ok":2})"));
  ASSERT_EQ(Msgs[0].Status, IncomingMessage::Message);
  EXPECT_EQ(Msgs[0].Value["ok"], 2);
}

TEST(Transport, NonNumericLengthIsAParseError) {
  auto Msgs = readAll("Content-Length: twelve\r\n\r\n" + frame(R"({"ok":3})"));
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::ParseError);
  EXPECT_NE(Msgs[0].Problem.find("twelve"), std::string::npos);
  EXPECT_EQ(Msgs[1].Value["ok"], 3);
}

TEST(Transport, OversizedBodyIsSkippedExactly) {
  std::string Big = "{\"pad\":\"" + std::string(2000, 'x') + "\"}";
  auto Msgs = readAll(frame(Big) + frame(R"({"ok":4})"), /*Cap=*/1024);
  ASSERT_EQ(Msgs.size(), 3u);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::ParseError);
  EXPECT_NE(Msgs[0].Problem.find("exceeds"), std::string::npos);
  EXPECT_EQ(Msgs[1].Value["ok"], 4);
}

TEST(Transport, HugeLengthThatNeverArrivesEndsInput) {
  auto Msgs = readAll("Content-Length: 99999999999999\r\n\r\n{}");
  EXPECT_EQ(Msgs.back().Status, IncomingMessage::EndOfInput);
}

TEST(Transport, TruncatedBodyEndsInput) {
  auto Msgs = readAll("Content-Length: 50\r\n\r\n{\"short\":1}");
  ASSERT_EQ(Msgs.size(), 1u);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::EndOfInput);
}

/// A bad frame, then a good one: the bad one is a parse error naming Expect
/// and the good one is read.
void expectResync(const std::string &Bad, llvm::StringRef Expect) {
  SCOPED_TRACE(Bad.substr(0, 80));
  auto Msgs = readAll(Bad + frame(R"({"ok":5})") + frame(R"({"ok":6})"));
  ASSERT_EQ(Msgs.size(), 4u);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::ParseError);
  EXPECT_NE(Msgs[0].Problem.find(Expect.str()), std::string::npos)
      << Msgs[0].Problem;
  ASSERT_EQ(Msgs[1].Status, IncomingMessage::Message);
  EXPECT_EQ(Msgs[1].Value["ok"], 5);
  ASSERT_EQ(Msgs[2].Status, IncomingMessage::Message);
  EXPECT_EQ(Msgs[2].Value["ok"], 6);
  EXPECT_EQ(Msgs[3].Status, IncomingMessage::EndOfInput);
}

const std::string Body = R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})";

TEST(Transport, LengthTooShortResynchronizes) {
  expectResync("Content-Length: 10\r\n\r\n" + Body, "not valid JSON");
}

TEST(Transport, LengthTooLongResynchronizes) {
  expectResync("Content-Length: 100\r\n\r\n" + Body, "longer than the message");
}

TEST(Transport, NegativeLengthResynchronizes) {
  expectResync("Content-Length: -5\r\n\r\n" + Body, "Content-Length '-5'");
}

TEST(Transport, NonNumericLengthResynchronizes) {
  expectResync("Content-Length: 4x\r\n\r\n" + Body, "Content-Length '4x'");
}

TEST(Transport, EmptyLengthResynchronizes) {
  expectResync("Content-Length: \r\n\r\n" + Body, "Content-Length ''");
}

TEST(Transport, MissingLengthResynchronizes) {
  expectResync("Content-Type: application/json\r\n\r\n" + Body,
               "without Content-Length");
}

TEST(Transport, LengthOf2To64Resynchronizes) {
  expectResync("Content-Length: 18446744073709551616\r\n\r\n" + Body,
               "Content-Length '18446744073709551616'");
}

TEST(Transport, LengthOf2To63DoesNotSwallowTheInput) {
  expectResync("Content-Length: 9223372036854775808\r\n\r\n" + Body,
               "exceeds the limit");
}

TEST(Transport, LengthTooLongOverInvalidJSONResynchronizes) {
  // The body cannot be JSON; the next frame's header ends it.
  expectResync("Content-Length: 300\r\n\r\n{\"a\":]]]", "not valid JSON");
}

TEST(Transport, LengthTooLongInsideAStringResynchronizes) {
  // Cut inside a string, the next header is taken into the body: it is read
  // again from there.
  expectResync("Content-Length: 40\r\n\r\n{\"text\":\"abc", "not valid JSON");
}

TEST(Transport, AFrameFollowingAGoodBodyOnItsLineIsRead) {
  // A body followed by the next header with no line break is ordinary.
  auto Msgs = readAll(frame(Body) + frame(Body));
  ASSERT_EQ(Msgs.size(), 3u);
  EXPECT_EQ(Msgs[1].Value["method"], "shutdown");
}

TEST(Transport, ABodyMayMentionContentLength) {
  std::string Text =
      R"({"text":"Content-Length: 5\r\n\r\n{}","more":"Content-Length:"})";
  auto Msgs = readAll(frame(Text) + frame(R"({"ok":7})"));
  ASSERT_EQ(Msgs.size(), 3u);
  ASSERT_EQ(Msgs[0].Status, IncomingMessage::Message);
  EXPECT_EQ(Msgs[0].Value["more"], "Content-Length:");
  EXPECT_EQ(Msgs[1].Value["ok"], 7);
}

TEST(Transport, TrailingWhitespaceInsideTheLengthIsPartOfTheBody) {
  auto Msgs = readAll(frame(R"({"ok":8})"
                            "\r\n  ") +
                      frame(R"({"ok":9})"));
  ASSERT_EQ(Msgs.size(), 3u);
  EXPECT_EQ(Msgs[0].Value["ok"], 8);
  EXPECT_EQ(Msgs[1].Value["ok"], 9);
}

TEST(Transport, LengthTooLongWithNothingAfterItDoesNotHang) {
  // The client sent one frame whose length is too long and now waits for
  // the answer: the frame is given up after a quiet moment.
  int Fds[2];
  ASSERT_EQ(pipe(Fds), 0);
  std::FILE *In = fdopen(Fds[0], "r");
  std::string Bad = "Content-Length: 500\r\n\r\n" + Body;
  ASSERT_EQ(write(Fds[1], Bad.data(), Bad.size()),
            static_cast<ssize_t>(Bad.size()));
  Transport T(In, stdout);
  IncomingMessage M = T.read();
  EXPECT_EQ(M.Status, IncomingMessage::ParseError);
  EXPECT_NE(M.Problem.find("longer than the message"), std::string::npos);
  // And the next frame is read normally.
  std::string Good = frame(R"({"ok":10})");
  ASSERT_EQ(write(Fds[1], Good.data(), Good.size()),
            static_cast<ssize_t>(Good.size()));
  M = T.read();
  ASSERT_EQ(M.Status, IncomingMessage::Message);
  EXPECT_EQ(M.Value["ok"], 10);
  close(Fds[1]);
  EXPECT_EQ(T.read().Status, IncomingMessage::EndOfInput);
  std::fclose(In);
}

TEST(Transport, DeepNestingIsRefusedUnparsed) {
  std::string Deep = R"({"jsonrpc":"2.0","method":"x","params":)" +
                     std::string(100000, '[') + std::string(100000, ']') + "}";
  auto Msgs = readAll(frame(Deep) + frame(R"({"ok":11})"), 1 << 20);
  ASSERT_EQ(Msgs.size(), 3u);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::ParseError);
  EXPECT_NE(Msgs[0].Problem.find("nests deeper than"), std::string::npos);
  EXPECT_EQ(Msgs[1].Value["ok"], 11);
  // Up to the limit is fine.
  std::string Ok = std::string(Transport::MaxNesting, '[') +
                   std::string(Transport::MaxNesting, ']');
  Msgs = readAll(frame(Ok), 1 << 20);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::Message);
}

TEST(Transport, EmptyInputEndsImmediately) {
  auto Msgs = readAll("");
  ASSERT_EQ(Msgs.size(), 1u);
  EXPECT_EQ(Msgs[0].Status, IncomingMessage::EndOfInput);
}

TEST(Transport, SendFramesWithByteLength) {
  char *Buf = nullptr;
  size_t Len = 0;
  std::FILE *Out = open_memstream(&Buf, &Len);
  {
    Transport T(stdin, Out);
    T.send(json{{"text", "é"}});
    T.flush();
  }
  std::fclose(Out);
  std::string Written(Buf, Len);
  free(Buf);
  // {"text":"é"} is 13 bytes: é is two bytes in UTF-8.
  EXPECT_EQ(Written, "Content-Length: 13\r\n\r\n{\"text\":\"é\"}");
}

TEST(Transport, ConcurrentSendsNeverInterleave) {
  char *Buf = nullptr;
  size_t Len = 0;
  std::FILE *Out = open_memstream(&Buf, &Len);
  {
    Transport T(stdin, Out);
    std::vector<std::thread> Senders;
    for (int I = 0; I < 4; ++I)
      Senders.emplace_back([&T, I] {
        for (int K = 0; K < 100; ++K)
          T.send(json{{"sender", I}, {"n", K}, {"pad", std::string(K, 'x')}});
      });
    for (auto &S : Senders)
      S.join();
  } // The destructor writes everything still queued.
  std::fclose(Out);
  std::string Written(Buf, Len);
  free(Buf);
  std::FILE *In = fmemopen(Written.data(), Written.size(), "r");
  Transport Reader(In, stdout);
  std::vector<int> Next(4, 0);
  int Count = 0;
  for (IncomingMessage M = Reader.read(); M.Status == IncomingMessage::Message;
       M = Reader.read(), ++Count) {
    int Sender = M.Value["sender"];
    EXPECT_EQ(M.Value["n"], Next[Sender]++) << "per-sender order is kept";
  }
  std::fclose(In);
  EXPECT_EQ(Count, 400);
}

TEST(Transport, DumpReplacesInvalidUTF8) {
  std::string Bad = "a\xff";
  EXPECT_NO_FATAL_FAILURE(dumpJSON(json(Bad)));
}

} // namespace
} // namespace corolint::lsp
