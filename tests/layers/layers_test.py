#!/usr/bin/env python3
"""Each host layer compiles its own headers and those below it, and cannot
include a header of a layer above it (host/README.md).

For every layer, one of its sources is taken from the build's
compile_commands.json, so the probe sees exactly the include path the build
gives that layer; the probe includes one header and is compiled with
-fsyntax-only. A header from a higher layer must fail because it is not found,
one from the layer itself and from the layer below must compile. GCC says
"No such file", clang "file not found": both count.

usage: layers_test.py BUILD_DIR
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

# Bottom to top: (name, a source of the layer, a header it owns). The cli
# exports no include folder (its sources find commands.hh beside them), so
# only the layer below is checked from there.
LAYERS = [
    ("kernels", "kernels/kokkos/kokkos_runner.cc", "scenario_model.hh"),
    ("io", "host/io/diagnostics.cc", "diagnostics.hh"),
    ("model", "host/model/scenario.cc", "scenario.hh"),
    ("stats", "host/stats/top_k.cc", "study_accumulator.hh"),
    ("run", "host/run/progress.cc", "study_runner.hh"),
    ("output", "host/output/summary.cc", "study_output.hh"),
    ("study", "host/study/study_pipeline.cc", "study_pipeline.hh"),
    ("cli", "host/cli/cmd_validate.cc", None),
]


def compile_probe(command, source, header, workdir):
    probe = os.path.join(workdir, "probe.cc")
    with open(probe, "w") as f:
        f.write(f'#include "{header}"\n')
    args = shlex.split(command)
    if os.path.basename(args[0]) == "ccache":
        args = args[1:]
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c" or a.endswith(source) or a.startswith("-MD") or a in ("-MF", "-MT"):
            if a in ("-MF", "-MT"):
                skip = True
            continue
        out.append(a)
    out += ["-fsyntax-only", probe]
    return subprocess.run(out, cwd=workdir, capture_output=True, text=True)


def main():
    build = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(build, "compile_commands.json")) as f:
        commands = {os.path.relpath(e["file"], root): e["command"] for e in json.load(f) if "command" in e}
    failures = []
    checks = 0
    with tempfile.TemporaryDirectory() as workdir:
        for i, (name, source, own) in enumerate(LAYERS):
            if source not in commands:
                failures.append(f"{name}: {source} is not in {build}/compile_commands.json")
                continue
            allowed = ([own] if own else []) + ([LAYERS[i - 1][2]] if i > 1 else [])
            for header in allowed:
                checks += 1
                r = compile_probe(commands[source], source, header, workdir)
                if r.returncode != 0:
                    failures.append(f"{name}: its own or a lower layer's {header} does not compile:\n{r.stderr}")
            for _, _, higher in [layer for layer in LAYERS[i + 1:] if layer[2]]:
                checks += 1
                r = compile_probe(commands[source], source, higher, workdir)
                if r.returncode == 0:
                    failures.append(f"{name}: {higher} of a higher layer compiled; the layers are not enforced")
                elif not any(m in r.stderr for m in (f"{higher}: No such file", f"'{higher}' file not found")):
                    failures.append(f"{name}: {higher} failed for another reason than not being found:\n{r.stderr}")
    for f in failures:
        print("FAIL", f)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
