//===- TransportTest.cpp - Content-Length framing against hostile input ---===//
#include "lsp/Transport.h"
#include "gtest/gtest.h"
#include <cstdio>
#include <thread>

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
