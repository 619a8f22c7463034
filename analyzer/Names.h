//===- Names.h - Qualified names as the catalogue and config write them ---===//
//
// "std::future::get", not "std::__basic_future<int>::get": inline namespaces,
// anonymous namespaces, linkage specs and template arguments are dropped, so a
// name written once matches every instantiation and every standard library.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_NAMES_H
#define COROLINT_ANALYZER_NAMES_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang {
class NamedDecl;
class DeclContext;
} // namespace clang

namespace corolint {

/// The qualified name of D without inline namespaces or template arguments,
/// e.g. "std::this_thread::sleep_for", "asio::basic_stream_socket::read_some".
std::string qualifiedName(const clang::NamedDecl *D);

/// Whether Pattern names Qualified: equal, or a suffix at a "::" boundary
/// ("asio::write" names "boost::asio::write"); a leading "::" anchors the
/// pattern at the global namespace ("::read" does not name "lib::read").
bool nameMatches(llvm::StringRef Pattern, llvm::StringRef Qualified);

/// The last component of a qualified name: "std::future::get" -> "get".
llvm::StringRef unqualifiedName(llvm::StringRef Qualified);

} // namespace corolint

#endif
