#!/usr/bin/env python3
"""numpy/OpenBLAS side of TapeFlow's side-by-side benchmark.

Reads a JSON request on stdin ({"gemm": [[m, n, k], ...], "seconds": s}) and prints one JSON object:
GFLOP/s for float32 `a @ b` per shape (best of several timed batches), plus which BLAS and kernel ran.
The thread count comes from OPENBLAS_NUM_THREADS, set by the caller.
"""
import ctypes
import json
import os
import sys
import time

import numpy as np


def blas_info():
    info = {"numpy": np.__version__, "threads_env": os.environ.get("OPENBLAS_NUM_THREADS")}
    try:
        import threadpoolctl  # optional
        info["threadpoolctl"] = threadpoolctl.threadpool_info()
    except ImportError:
        pass
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


def time_best(fn, seconds):
    # Warm up for as long as one measurement, as the C# side does (its JIT needs it; here it is only fair).
    t = time.perf_counter()
    fn()
    while time.perf_counter() - t < seconds:
        fn()
    n = 1
    while True:  # calibrate a batch of about seconds/5
        t = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t
        if dt > seconds / 5 or n > 1 << 20:
            break
        n *= 2
    best = dt / n
    for _ in range(4):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def main():
    req = json.load(sys.stdin)
    seconds = float(req.get("seconds", 0.5))
    out = {"info": blas_info(), "gemm": []}
    rng = np.random.default_rng(0)
    for m, n, k in req.get("gemm", []):
        a = rng.random((m, k), dtype=np.float32)
        b = rng.random((k, n), dtype=np.float32)
        t = time_best(lambda: a @ b, seconds)
        out["gemm"].append({"m": m, "n": n, "k": k, "seconds": t, "gflops": 2.0 * m * n * k / t / 1e9})
    import resource
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
