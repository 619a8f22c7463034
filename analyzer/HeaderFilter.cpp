//===- HeaderFilter.cpp - Which files of a translation unit carry findings ===//
#include "analyzer/HeaderFilter.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace corolint {

std::string absolutePathOf(const SourceManager &SM, FileID FID) {
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(FID);
  if (!Entry)
    return "";
  llvm::SmallString<256> Path(Entry->getName());
  if (!llvm::sys::path::is_absolute(Path))
    SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

HeaderFilter::HeaderFilter(const SourceManager &SM, llvm::StringRef Regex)
    : SM(SM) {
  if (Regex.empty())
    return;
  // Front ends validate it first; an invalid one reports no header.
  if (llvm::Error E = validate(Regex)) {
    llvm::consumeError(std::move(E));
    return;
  }
  Filter.emplace(Regex);
}

llvm::Error HeaderFilter::validate(llvm::StringRef Regex) {
  std::string Problem;
  if (Regex.empty() || llvm::Regex(Regex).isValid(Problem))
    return llvm::Error::success();
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "invalid header filter '%s': %s",
                                 Regex.str().c_str(), Problem.c_str());
}

bool HeaderFilter::reports(SourceLocation Loc) const {
  if (Loc.isInvalid())
    return false;
  Loc = SM.getFileLoc(Loc);
  FileID FID = SM.getFileID(Loc);
  if (FID == SM.getMainFileID())
    return true;
  if (!Filter)
    return false;
  auto [It, New] = Known.try_emplace(FID, false);
  if (!New)
    return It->second;
  if (SM.isInSystemHeader(Loc))
    return false;
  std::string Path = absolutePathOf(SM, FID);
  if (Path.empty() || !Filter->match(Path))
    return false;
  It->second = true;
  Reported.try_emplace(Path, FID);
  return true;
}

std::optional<FileID> HeaderFilter::fileOf(llvm::StringRef Path) const {
  auto It = Reported.find(Path);
  if (It != Reported.end())
    return It->second;
  if (absolutePathOf(SM, SM.getMainFileID()) == Path)
    return SM.getMainFileID();
  return std::nullopt;
}

} // namespace corolint
