//===- Compilation.cpp - How to compile each file: the compile database ---===//
#include "analyzer/Compilation.h"
#include "analyzer/InputFile.h"
#include "corolint/BuildInfo.h"
#include "clang/Driver/Options.h"
#include "clang/Driver/Types.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

using namespace clang::tooling;

namespace corolint {

std::string clangResourceDir() {
  if (const char *Env = std::getenv("COROLINT_RESOURCE_DIR"); Env && *Env)
    return Env;
  return COROLINT_RESOURCE_DIR;
}

static llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message.str());
}

static std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

/// Why Text is not a JSON document Clang's reader can take, in one line
/// ("line 1, column 3: Unexpected EOF"); empty if it is one. Clang's own
/// reader is a YAML parser that prints its complaints to stderr and then
/// reports a missing key.
static std::string jsonProblem(llvm::StringRef Text, llvm::StringRef Path) {
  if (llvm::Error E = checkNesting(Text, Path, /*Indentation=*/false))
    return llvm::toString(std::move(E));
  auto Parsed = llvm::json::parse(Text);
  if (Parsed) {
    if (!Parsed->getAsArray())
      return "expected a JSON array of compile commands";
    return "";
  }
  // "[line:column, byte=N]: message"
  std::string Why = llvm::toString(Parsed.takeError());
  llvm::StringRef Where, Message;
  std::tie(Where, Message) = llvm::StringRef(Why).split("]: ");
  unsigned Line = 0, Column = 0;
  if (Where.consume_front("[") && !Where.consumeInteger(10, Line) &&
      Where.consume_front(":") && !Where.consumeInteger(10, Column))
    return "line " + std::to_string(Line) + ", column " +
           std::to_string(Column) + ": " + Message.str();
  return Why;
}

/// Loads BuildDir/compile_commands.json with a message that names the file.
static llvm::Expected<std::unique_ptr<CompilationDatabase>>
loadDatabase(llvm::StringRef Dir) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "compile_commands.json");
  if (!llvm::sys::fs::exists(Path))
    return error("no compile_commands.json in '" + Dir + "'");
  auto Text = readRegularFile(Path, size_limit::CompileDatabase,
                              "compilation database");
  if (!Text)
    return Text.takeError();
  if (std::string Problem = jsonProblem(*Text, Path); !Problem.empty())
    return error("malformed compilation database '" + Path + "': " + Problem);
  std::string Message;
  auto DB = JSONCompilationDatabase::loadFromBuffer(
      *Text, Message, JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return error("malformed compilation database '" + Path + "': " + Message);
  // Headers and new files borrow flags from their nearest neighbour.
  return inferMissingCompileCommands(std::move(DB));
}

llvm::Expected<std::unique_ptr<Compilations>>
Compilations::create(std::optional<std::string> BuildDir,
                     std::optional<std::vector<std::string>> FixedFlags) {
  std::unique_ptr<Compilations> C(new Compilations());
  C->Fixed = std::move(FixedFlags);
  if (BuildDir) {
    if (!llvm::sys::fs::is_directory(*BuildDir) &&
        llvm::sys::path::filename(*BuildDir) == "compile_commands.json")
      BuildDir = llvm::sys::path::parent_path(*BuildDir).str();
    if (!llvm::sys::fs::is_directory(*BuildDir))
      return error("build directory '" + *BuildDir + "' does not exist");
    auto DB = loadDatabase(absolute(*BuildDir));
    if (!DB)
      return DB.takeError();
    C->Explicit = std::move(*DB);
  }
  return C;
}

llvm::Expected<CompilationDatabase *>
Compilations::databaseFor(llvm::StringRef File) {
  if (Explicit)
    return Explicit.get();
  std::lock_guard<std::mutex> Guard(Lock);
  std::string Dir = llvm::sys::path::parent_path(absolute(File)).str();
  std::vector<std::string> Visited;
  CompilationDatabase *Result = nullptr;
  while (!Dir.empty()) {
    if (auto It = Found.find(Dir); It != Found.end()) {
      Result = It->second.get();
      break;
    }
    Visited.push_back(Dir);
    std::shared_ptr<CompilationDatabase> Here;
    for (const char *Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(Dir);
      if (*Sub)
        llvm::sys::path::append(Candidate, Sub);
      llvm::SmallString<256> Json(Candidate);
      llvm::sys::path::append(Json, "compile_commands.json");
      if (!llvm::sys::fs::exists(Json))
        continue;
      auto DB = loadDatabase(Candidate);
      if (!DB)
        return DB.takeError();
      Here = std::move(*DB);
      break;
    }
    if (Here) {
      Found[Dir] = Here;
      Result = Here.get();
      break;
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent.str();
  }
  // Remember the answer for every directory on the way up.
  std::shared_ptr<CompilationDatabase> Shared;
  if (Result)
    for (auto &E : Found)
      if (E.second.get() == Result)
        Shared = E.second;
  for (const std::string &V : Visited)
    Found[V] = Shared;
  return Result;
}

/// Drops the arguments Clang's driver does not know (GCC-only flags from a
/// database written for GCC), which would otherwise make every file "not
/// compile"; clangd recovers from them the same way.
static std::vector<std::string>
dropUnknownArguments(std::vector<std::string> Args) {
  if (Args.size() < 2)
    return Args;
  std::vector<const char *> Argv;
  for (size_t I = 1; I < Args.size(); ++I)
    Argv.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  const llvm::opt::OptTable &Table = clang::driver::getDriverOptTable();
  llvm::opt::InputArgList Parsed = Table.ParseArgs(
      Argv, MissingIndex, MissingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::vector<bool> Drop(Args.size(), false);
  for (const llvm::opt::Arg *A :
       Parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    Drop[A->getIndex() + 1] = true;
  std::vector<std::string> Kept;
  for (size_t I = 0; I < Args.size(); ++I)
    if (!Drop[I])
      Kept.push_back(std::move(Args[I]));
  return Kept;
}

std::vector<std::string>
Compilations::adjustForAnalysis(std::vector<std::string> Args,
                                llvm::StringRef File) {
  Args = dropUnknownArguments(std::move(Args));
  ArgumentsAdjuster Adjust =
      combineAdjusters(getClangStripOutputAdjuster(),
                       combineAdjusters(getClangStripDependencyFileAdjuster(),
                                        getClangSyntaxOnlyAdjuster()));
  Args = Adjust(Args, File);
  // Compiler warnings are not our findings, and -Werror must not turn them
  // into a failure to analyse.
  // -fno-caret-diagnostics keeps the compiler from printing "N errors
  // generated" itself; corolint renders compiler errors with its own options.
  std::vector<std::string> Extra{"-w", "-Wno-error",
                                 "-Wno-unknown-warning-option",
                                 "-fno-caret-diagnostics"};
  std::string Resource = clangResourceDir();
  bool HasResource = false;
  for (const std::string &A : Args)
    HasResource |= llvm::StringRef(A).starts_with("-resource-dir");
  if (!HasResource && !Resource.empty())
    Extra.push_back("-resource-dir=" + Resource);
  Args =
      getInsertArgumentAdjuster(Extra, ArgumentInsertPosition::END)(Args, File);
  return Args;
}

llvm::Expected<CompileCommand> Compilations::commandFor(llvm::StringRef File) {
  std::string Path = absolute(File);
  CompileCommand Cmd;
  if (Fixed) {
    Cmd.Directory = llvm::sys::path::parent_path(Path).str();
    Cmd.Filename = Path;
    // The driver finds the GCC installation relative to itself.
    Cmd.CommandLine.push_back(std::string(COROLINT_CLANG_DRIVER) + "++");
    Cmd.CommandLine.insert(Cmd.CommandLine.end(), Fixed->begin(), Fixed->end());
    Cmd.CommandLine.push_back(Path);
    Cmd.Directory = absolute(".");
  } else {
    auto DB = databaseFor(Path);
    if (!DB)
      return DB.takeError();
    if (!*DB)
      return error("no compilation database found for '" + File +
                   "' (looked for compile_commands.json in its directory, "
                   "its parents and their build/ subdirectories); pass -p "
                   "BUILD_DIR, or compiler flags after --");
    std::vector<CompileCommand> Cmds = (*DB)->getCompileCommands(Path);
    if (Cmds.empty())
      return error("no compile command for '" + File +
                   "' in the compilation database");
    Cmd = std::move(Cmds.front());
  }
  Cmd.CommandLine = adjustForAnalysis(std::move(Cmd.CommandLine), Cmd.Filename);
  return Cmd;
}

bool isCOrCxxSource(llvm::StringRef File) {
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  if (Ext.empty())
    return false;
  clang::driver::types::ID T =
      clang::driver::types::lookupTypeForExtension(Ext.drop_front());
  return T == clang::driver::types::TY_C ||
         T == clang::driver::types::TY_ObjC || clang::driver::types::isCXX(T);
}

std::vector<std::string> Compilations::allFiles() const {
  if (!Explicit)
    return {};
  std::vector<std::string> Files = Explicit->getAllFiles();
  // A database also lists assembly, Fortran, CUDA object files...: only C
  // and C++ sources are ours, as clang-tidy's runners and clangd decide.
  std::erase_if(Files, [](const std::string &F) { return !isCOrCxxSource(F); });
  std::sort(Files.begin(), Files.end());
  return Files;
}

} // namespace corolint
