#!/usr/bin/env python3
"""PyTorch side of TapeFlow's side-by-side benchmark (one thread: torch.set_num_threads(1)).

Reads a JSON request on stdin and prints one JSON object of timings. Each workload is the same
computation the C# side runs (see bench/TapeFlow.Bench/Workloads.cs), timed as the best of several
batches after a warm-up.
"""
import json
import resource
import sys
import time

import torch
import torch.nn.functional as F


def time_best(fn, seconds, min_batches=5):
    # Warm up for as long as one measurement, as the C# side does (its JIT needs it; here it is only fair).
    t = time.perf_counter()
    fn()
    while time.perf_counter() - t < seconds:
        fn()
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t
        if dt > seconds / min_batches or n > 1 << 22:
            break
        n *= 2
    best = dt / n
    for _ in range(min_batches - 1):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def scalar_square(seconds):
    x = torch.tensor(3.0, requires_grad=True)

    def step():
        y = x * x
        (g,) = torch.autograd.grad(y, x)
        return g

    return time_best(step, seconds)


def chain(shape, ops, seconds):
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

    return time_best(step, seconds)


def mlp(batch, seconds):
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

    return time_best(step, seconds, min_batches=3)


def cnn(batch, seconds):
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

    return time_best(step, seconds, min_batches=3)


def regression(steps):
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


def main():
    torch.set_num_threads(1)
    req = json.load(sys.stdin)
    s = float(req.get("seconds", 0.5))
    out = {"info": {"torch": torch.__version__, "threads": torch.get_num_threads()}}
    out["gemm"] = []
    for m, n, k in req.get("gemm", []):
        a = torch.rand(m, k)
        b = torch.rand(k, n)
        t = time_best(lambda: a @ b, s)
        out["gemm"].append({"m": m, "n": n, "k": k, "seconds": t, "gflops": 2.0 * m * n * k / t / 1e9})
    out["scalar_square"] = scalar_square(s)
    out["chain"] = [{"shape": sh, "ops": ops, "seconds": chain(sh, ops, s)} for sh, ops in req.get("chain", [])]
    out["mlp"] = [{"batch": bt, "seconds": mlp(bt, s)} for bt in req.get("mlp", [])]
    out["cnn"] = [{"batch": bt, "seconds": cnn(bt, s)} for bt in req.get("cnn", [])]
    steps = int(req.get("regression_steps", 10000))
    regression(steps)  # warm-up run, as the C# side does
    runs = [regression(steps) for _ in range(3)]
    secs, a, b = min(runs)
    out["regression"] = {"steps": steps, "seconds": secs, "a": a, "b": b}
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
