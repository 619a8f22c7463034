//===- MergeCommand.h - `check --shard` and `corolint merge` --------------===//
#ifndef COROLINT_TOOL_MERGECOMMAND_H
#define COROLINT_TOOL_MERGECOMMAND_H

#include "analyzer/Compilation.h"
#include "analyzer/Runner.h"
#include "analyzer/Shard.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace corolint {

/// What `check --shard` was asked for.
struct ShardRun {
  ShardSpec Spec;
  std::string Out; ///< The shard file; empty: the default name.
  /// How files are analysed (checks, profile, version): merge refuses
  /// shards that disagree.
  std::string Options;
  bool Quiet = false;
};

/// Analyses the shard's slice of Files and writes the shard file; returns
/// the exit status (0 once written: findings and files that do not
/// compile are for `corolint merge` to report).
int runShard(const ShardRun &Shard, Compilations &DB,
             const CheckFactory &Factory, RunnerOptions Run,
             llvm::ArrayRef<std::string> Files, llvm::StringRef Cwd);

/// `corolint merge [options] <shard files...>`.
int runMergeCommand(llvm::ArrayRef<std::string> Args);

} // namespace corolint

#endif
