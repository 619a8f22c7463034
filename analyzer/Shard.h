//===- Shard.h - Splitting a run over machines, and merging it back -------===//
//
// `corolint check --shard K/N` analyses one slice of the files, and writes
// what it found to a shard file: each file's findings, the blocking
// summaries of its functions, and the findings that wait for other files'
// summaries. `corolint merge` reads the N shard files, indexes every
// summary, completes the waiting findings, and so reports exactly what one
// run over all the files reports.
//
// Which shard analyses a file depends only on that file (its path and its
// size) and on the total size of the files: each file has an order of
// preference over the shards (rendezvous hashing of its path) and, largest
// file first, goes to the first shard in that order with room for it (a
// shard holds at most 1/N of the bytes plus a slack). So the shards are
// balanced by size, and adding a file moves few others, if any.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_SHARD_H
#define COROLINT_ANALYZER_SHARD_H

#include "analyzer/Runner.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace corolint {

/// Shard Index (1-based) of Count.
struct ShardSpec {
  unsigned Index = 1;
  unsigned Count = 1;
};

/// Parses "K/N" (1 <= K <= N).
llvm::Expected<ShardSpec> parseShardSpec(llvm::StringRef Text);

/// A file to be assigned: its name (what is hashed; the same on every
/// machine of a CI matrix) and its weight (its size in bytes).
struct ShardInput {
  std::string Name;
  uint64_t Weight = 0;
};

/// The shard (0-based) of each of Files, in the order given.
std::vector<unsigned> assignShards(llvm::ArrayRef<ShardInput> Files,
                                   unsigned Count);

/// What one shard wrote.
struct ShardFile {
  ShardSpec Spec;
  /// How the files were analysed (checks, profile): every shard of a run
  /// must agree.
  std::string Options;
  /// How many files the whole run has, over every shard.
  unsigned TotalFiles = 0;
  /// This shard's results, and the position of each in the whole run's
  /// list of files (so a merge reports in the order a single run does).
  std::vector<FileResult> Results;
  std::vector<unsigned> Positions;
};

std::string shardToJson(const ShardFile &S);
/// Reads a shard file; errors name Path and what is wrong.
llvm::Expected<ShardFile> loadShardFile(llvm::StringRef Path);

/// Combines the shards of one run (all N of them, each once) into the
/// results of the whole run in its order, with every deferred finding
/// resolved against the summaries of all shards. Errors name the shard
/// file at fault (Paths[i] is where Shards[i] came from).
llvm::Expected<std::vector<FileResult>>
mergeShards(std::vector<ShardFile> Shards, llvm::ArrayRef<std::string> Paths,
            const CheckFactory &Factory);

} // namespace corolint

#endif
