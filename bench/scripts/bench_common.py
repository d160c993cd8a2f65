"""Shared by the Python sides of TapeFlow's benchmark: the timing loop and the request/reply loop.

A side runs as a long-lived worker: it reads one JSON request per line on stdin and answers each with
one JSON line on stdout, so the C# runner can alternate its own measurement of a row with this one's
(the host's load drifts over seconds; timing both sides back to back makes the ratio fair).
"""
import json
import resource
import sys
import time


def time_best(fn, seconds, warmup=None, batches=5):
    """Best seconds per call of fn: warm up (default: as long as the measurement), calibrate a batch of
    about seconds/batches, then keep the best of `batches` batches. The C# side's Timing does the same."""
    warmup = seconds if warmup is None else warmup
    t = time.perf_counter()
    fn()
    while time.perf_counter() - t < warmup:
        fn()
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t
        if dt > seconds / batches or n > 1 << 22:
            break
        n *= 2
    best = dt / n
    for _ in range(batches - 1):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def serve(handlers):
    """Answers requests {"op": name, ...} with handlers[name](request) until stdin closes.
    A failing request is answered with {"error": "..."}; the worker carries on."""
    handlers = dict(handlers)
    handlers.setdefault("rss", lambda req: {"peak_rss_mb": peak_rss_mb()})
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            op = req.get("op")
            if op not in handlers:
                raise ValueError(f"unknown op {op!r}")
            reply = handlers[op](req)
        except Exception as e:  # report and continue: one bad row must not end the run
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
