// Persistence helpers for the pipeline: ordinary (non-coroutine) functions.
#pragma once
#include <string>

/// Appends a line to the journal file. Blocks on file I/O.
void append_to_journal(const std::string &line);
/// Makes sure the journal reached the disk.
void sync_journal();
