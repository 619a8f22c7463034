#!/usr/bin/env python3
"""Writes a coroutine holding one expression of N terms: deep enough and
Clang's recursion over it overflows its stack.

Usage: deep-expression.py OUT N
"""
import sys

out, terms = sys.argv[1], int(sys.argv[2])
with open(out, "w") as f:
    f.write('#include "coro.h"\n\n'
            "test::task<int> deep(int x) {\n"
            "  co_return " + " + ".join(["x"] * terms) + ";\n"
            "}\n")
