# lit configuration for corolint's suites: checks/, cli/, lsp/ transcripts.
# Run through the build directory: lit build/test (see README).
import os
import shutil
import subprocess
import sys

import lit.formats

config.name = "corolint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "unit", "e2e", "bench", "precommit", "fuzz", "stress", "tools"]
if not getattr(config, "corolint_lsp", True):
    # Built with -DCOROLINT_LSP=OFF: there is no server to test.
    config.excludes.append("lsp")
config.test_source_root = os.path.dirname(__file__)
# Tests that count system calls need strace, and ptrace permitted.
if shutil.which("strace") and subprocess.run(
        ["strace", "-o", os.devnull, "true"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("strace")
config.test_exec_root = os.path.join(config.corolint_obj_root, "test")
# Built with AddressSanitizer: its allocator stands in for glibc's, and its
# leak checker cannot run under ptrace.
if getattr(config, "corolint_asan", False):
    config.available_features.add("asan")

# FileCheck, not and count come from LLVM's tools.
llvm_bin = os.path.dirname(config.filecheck)
config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])
# Tests must not pick up a configuration or colours from the machine.
config.environment.pop("COROLINT_RESOURCE_DIR", None)
config.environment["TERM"] = "dumb"

config.substitutions.append(("%corolint", config.corolint_bin))
# `corolint lsp`, except that analysing a draft containing COROLINT_CRASH_HERE
# crashes (test/tools/crashing-lsp.cpp).
config.substitutions.append(("%crashing-lsp", config.crashing_lsp_bin))
config.substitutions.append(("%python", sys.executable))
# %expect-exit N CMD: CMD must exit with status N (0 clean, 1 findings, 2 error).
config.substitutions.append(
    ("%expect-exit", sys.executable + " " + os.path.join(os.path.dirname(__file__), "Inputs", "expect-exit.py")))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%srcroot", config.corolint_src_root))
# The flags most check tests compile with.
config.substitutions.append(
    ("%cxxflags", "-std=c++20 -I" + os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(
    ("%asioflags", "-DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE"))
