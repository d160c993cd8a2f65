#!/usr/bin/env python3
"""PyTorch side of TapeFlow's side-by-side benchmark (one thread: torch.set_num_threads(1)), as a worker
(see bench_common.serve).

Each op is the same computation the C# side runs (bench/TapeFlow.Bench/Workloads.cs), timed as the best
of several batches after a warm-up: {"op": "info"}, {"op": "gemm", "m", "n", "k"}, {"op": "scalar_square"},
{"op": "chain", "shape", "ops"}, {"op": "mlp", "batch"}, {"op": "cnn", "batch"} (each with "seconds" and an
optional "warmup"), {"op": "regression", "steps", "runs"} and {"op": "rss"}. A workload is built once and
reused by later rounds of the same row.
"""
import time

import torch
import torch.nn.functional as F

from bench_common import serve, time_best

_steps = {}


def _cached(key, build):
    if key not in _steps:
        _steps[key] = build()
    return _steps[key]


def _timed(req, step, batches=5):
    return {"seconds": time_best(step, float(req["seconds"]), req.get("warmup"), batches)}


def gemm(req):
    m, n, k = int(req["m"]), int(req["n"]), int(req["k"])

    def build():
        a, b = torch.rand(m, k), torch.rand(k, n)
        return lambda: a @ b

    r = _timed(req, _cached(("gemm", m, n, k), build))
    r["gflops"] = 2.0 * m * n * k / r["seconds"] / 1e9
    return r


def scalar_square(req):
    def build():
        x = torch.tensor(3.0, requires_grad=True)

        def step():
            y = x * x
            (g,) = torch.autograd.grad(y, x)
            return g

        return step

    return _timed(req, _cached(("scalar",), build))


def chain(req):
    shape, ops = [int(d) for d in req["shape"]], int(req["ops"])

    def build():
        torch.manual_seed(0)
        x = torch.rand(*shape, requires_grad=True)
        c = torch.full(shape, 1.0001)
        ones = torch.ones(shape)

        def step():
            y = x
            for i in range(ops):
                y = y * c if i % 2 == 0 else y + c
            (g,) = torch.autograd.grad(y, x, grad_outputs=ones)
            return g

        return step

    return _timed(req, _cached(("chain", tuple(shape), ops), build))


def mlp(req):
    batch = int(req["batch"])

    def build():
        torch.manual_seed(0)
        sizes = [784, 256, 128, 64, 32, 10]
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
            if i < len(sizes) - 2:
                layers.append(torch.nn.ReLU())
        model = torch.nn.Sequential(*layers)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        x = torch.rand(batch, 784)
        y = torch.randint(0, 10, (batch,))

        def step():
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss

        return step

    return _timed(req, _cached(("mlp", batch), build), batches=3)


def cnn(req):
    batch = int(req["batch"])

    def build():
        # TapeFlow's FashionCnn in NCHW: conv32-relu-pool-conv64-relu-pool-dense128-relu-dropout-dense10;
        # forward and backward of the mean cross-entropy, no optimizer step.
        torch.manual_seed(0)
        nn = torch.nn
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))
        model.train()
        x = torch.rand(batch, 1, 28, 28)
        y = torch.randint(0, 10, (batch,))

        def step():
            model.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            return loss

        return step

    return _timed(req, _cached(("cnn", batch), build), batches=3)


def _regression(steps):
    X = torch.tensor([2013.0, 2014, 2015, 2016, 2017])
    Y = torch.tensor([12000.0, 14000, 15000, 16500, 17500])
    X = (X - X.min()) / (X.max() - X.min())
    Y = (Y - Y.min()) / (Y.max() - Y.min())
    a = torch.zeros((), requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    opt = torch.optim.SGD([a, b], lr=1e-3)
    t = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        loss = 0.5 * torch.sum(torch.square(a * X + b - Y))
        loss.backward()
        opt.step()
    return time.perf_counter() - t, a.item(), b.item()


def regression(req):
    steps, runs = int(req.get("steps", 10000)), int(req.get("runs", 3))
    _regression(steps)  # warm-up run, as the C# side does
    secs, a, b = min(_regression(steps) for _ in range(runs))
    return {"steps": steps, "seconds": secs, "a": a, "b": b}


def info(_req):
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


if __name__ == "__main__":
    torch.set_num_threads(1)
    serve({"info": info, "gemm": gemm, "scalar_square": scalar_square, "chain": chain, "mlp": mlp, "cnn": cnn,
           "regression": regression})
