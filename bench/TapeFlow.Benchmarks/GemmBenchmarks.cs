using BenchmarkDotNet.Attributes;

namespace TapeFlow.Benchmarks;

/// <summary>
/// Tf.MatMul on float32 at square sizes and the MLP's shapes, on one and two threads; and the GEMM kernel
/// alone into a reused output, which separates the kernel from the allocation of a fresh result.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private Tensor a = null!;
    private Tensor b = null!;
    private float[] left = [], right = [], output = [];
    private int m, n, k;

    [Params("64x64x64", "256x256x256", "1024x1024x1024", "64x256x784", "512x256x784")]
    public string Shape { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var d = Shape.Split('x').Select(int.Parse).ToArray();
        (a, b) = TapeFlow.Bench.Workloads.GemmOperands(d[0], d[1], d[2]);
        (m, n, k) = (d[0], d[1], d[2]);
        left = a.ToArray<float>();
        right = b.ToArray<float>();
        output = new float[m * n];
        Tf.Config.SetIntraOpThreads(Threads);
    }

    [Benchmark]
    public Tensor MatMul() => Tf.MatMul(a, b);

    [Benchmark]
    public void KernelIntoReusedOutput() => TapeFlow.Kernels.Gemm.Run(left, 0, right, 0, output, 0, m, n, k, transA: false, transB: false);
}
