//===- Fixes.cpp - Apply fix-its to file contents, export them as YAML ---===//
