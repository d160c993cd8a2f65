#!/usr/bin/env python3
"""numpy/OpenBLAS side of TapeFlow's side-by-side benchmark, as a worker (see bench_common.serve).

Requests: {"op": "info"}; {"op": "gemm", "m", "n", "k", "seconds", "warmup"} -> float32 `a @ b`
seconds per call and GFLOP/s; {"op": "rss"}. The thread count comes from OPENBLAS_NUM_THREADS, set
by the caller when it starts the worker.
"""
import ctypes
import os

import numpy as np

from bench_common import serve, time_best


def blas_info(_req):
    info = {"numpy": np.__version__, "threads_env": os.environ.get("OPENBLAS_NUM_THREADS")}
    # The OpenBLAS kernel ("core") that actually runs, asked of the loaded library itself.
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
        for path in paths:
            lib = ctypes.CDLL(path)
            if hasattr(lib, "openblas_get_corename"):
                lib.openblas_get_corename.restype = ctypes.c_char_p
                info["openblas_core"] = lib.openblas_get_corename().decode()
                lib.openblas_get_num_threads.restype = ctypes.c_int
                info["openblas_threads"] = lib.openblas_get_num_threads()
                info["openblas_library"] = path
                break
    except OSError as e:
        info["openblas_error"] = str(e)
    return info


_operands = {}


def gemm(req):
    m, n, k = int(req["m"]), int(req["n"]), int(req["k"])
    if (m, n, k) not in _operands:
        rng = np.random.default_rng(0)
        _operands.clear()  # one shape at a time: the 2048^2 operands are 32 MB
        _operands[(m, n, k)] = (rng.random((m, k), dtype=np.float32), rng.random((k, n), dtype=np.float32))
    a, b = _operands[(m, n, k)]
    t = time_best(lambda: a @ b, float(req["seconds"]), req.get("warmup"))
    return {"seconds": t, "gflops": 2.0 * m * n * k / t / 1e9}


if __name__ == "__main__":
    serve({"info": blas_info, "gemm": gemm})
