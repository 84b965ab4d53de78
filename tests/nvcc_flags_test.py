#!/usr/bin/env python3
"""Every file the build compiles with nvcc (the CUDA backend, and the Kokkos
backend when Kokkos is built for CUDA, through nvcc_wrapper) is compiled
with --fmad=false: nvcc fuses a * b + c into one rounding by default, and
the model must round exactly as on the host (docs/MODEL.md).

usage: nvcc_flags_test.py BUILD_DIR
"""
import json
import os
import shlex
import sys


def compiler_of(entry):
    words = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    # Skip launchers such as ccache.
    for word in words:
        if os.path.basename(word) not in ("ccache", "sccache"):
            return os.path.basename(word), words
    return "", words


def main():
    with open(os.path.join(sys.argv[1], "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)
    checked = 0
    missing = []
    for entry in commands:
        compiler, words = compiler_of(entry)
        if compiler not in ("nvcc", "nvcc_wrapper"):
            continue
        checked += 1
        if "--fmad=false" not in words and "-fmad=false" not in words:
            missing.append(entry["file"])
    for file in missing:
        print(f"compiled by nvcc without --fmad=false: {file}")
    print(f"{checked} nvcc command(s) checked, {len(missing)} without --fmad=false")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
