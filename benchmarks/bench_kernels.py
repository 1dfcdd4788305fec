"""Table kernels against unrolled kernels for the Kuramoto–Sivashinsky Galerkin system:
time to generate and compile ``rhs``, ``jac`` and ``tangent`` from an empty cache, and
time per call, side by side in one process.

Unrolled kernels (every term written out) are what the code generator produces for
small systems; table kernels (loops over constant arrays) are what it produces from
256 terms on. Each size is compiled in a fresh subprocess so no numba cache is shared.

Run: ``python benchmarks/bench_kernels.py [--modes 8 16] [--table-only 64 128]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap

_PROBE = textwrap.dedent(
    """
    import importlib.util, json, pathlib, sys, time
    import numpy as np
    from numba import njit
    t0 = time.perf_counter()
    import chaosbench
    from chaosbench.systems import codegen
    n, table, folder = int(sys.argv[1]), sys.argv[2] == "table", pathlib.Path(sys.argv[3])
    system = chaosbench.get("KuramotoSivashinsky", n=n)
    start = time.perf_counter()
    source = codegen.generate_source(
        system.declaration, lambda: system.equations, table=table
    )
    generated = time.perf_counter() - start
    path = folder / f"ks_{n}_{sys.argv[2]}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    kernels = codegen.Kernels(module)
    for name in ("rhs", "jac", "tangent"):
        getattr(kernels, name)
    compiled = time.perf_counter() - start - generated

    @njit
    def repeat(count, function, t, x, p, out):
        for _ in range(count):
            function(t, x, p, out)

    d, p = system.dimension, system.parameter_vector()
    x = np.random.default_rng(0).normal(size=d) * 0.1
    y = np.random.default_rng(1).normal(size=d * 11) * 0.1
    timings = {}
    for name, argument, shape in (
        ("rhs", x, (d,)), ("jac", x, (d, d)), ("tangent", y, y.shape)
    ):
        out = np.empty(shape)
        function = getattr(kernels, name)
        repeat(1, function, 0.0, argument, p, out)
        count = max(10, int(2e6 / d**2))
        start = time.perf_counter()
        repeat(count, function, 0.0, argument, p, out)
        timings[name] = (time.perf_counter() - start) / count * 1e6
    print(json.dumps({"generate": generated, "compile": compiled, "us": timings}))
    """
)


def measure(n: int, kind: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CHAOSBENCH_CACHE_DIR": folder, "NUMBA_CACHE_DIR": folder}
        result = subprocess.run(
            [sys.executable, "-c", _PROBE, str(n), kind, folder],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _row(n: int, kind: str, r: dict) -> str:
    us = r["us"]
    return (
        f"{n:>5} {kind:>8} {r['generate']:>9.2f} {r['compile']:>9.2f} "
        f"{us['rhs']:>9.2f} {us['jac']:>9.2f} {us['tangent']:>11.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", type=int, nargs="*", default=[8, 16])
    parser.add_argument("--table-only", type=int, nargs="*", default=[64])
    args = parser.parse_args()
    print("modes     kind  gen (s)  compile (s)  rhs (us)  jac (us)  tangent10 (us)")
    for n in args.modes:
        unrolled, table = measure(n, "unrolled"), measure(n, "table")
        print(_row(n, "unrolled", unrolled))
        print(_row(n, "table", table))
        build = (unrolled["generate"] + unrolled["compile"]) / (
            table["generate"] + table["compile"]
        )
        call = table["us"]["rhs"] / unrolled["us"]["rhs"]
        print(f"      build {build:.1f}x faster with tables; rhs call {call:.1f}x slower")
    for n in args.table_only:
        print(_row(n, "table", measure(n, "table")))


if __name__ == "__main__":
    main()
