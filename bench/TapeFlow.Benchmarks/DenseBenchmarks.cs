using BenchmarkDotNet.Attributes;
using TapeFlow.Ops;

namespace TapeFlow.Benchmarks;

/// <summary>
/// A ReLU dense layer (the MLP's first, 784 to 256) forward and backward: the fused <c>_FusedMatMul</c> that
/// <c>Keras.Layers.Dense</c> records, against MatMul, BiasAdd and Relu as three ops.
/// </summary>
[MemoryDiagnoser]
public class DenseBenchmarks : BatchAndThreads
{
    private Tensor x = null!;
    private Variable w = null!;
    private Variable bias = null!;
    private Tensor[] sources = [];

    /// <inheritdoc/>
    protected override void Build()
    {
        x = Tf.Random.Uniform([Batch, 784], seed: 1);
        w = new Variable(Tf.Random.Uniform([784, 256], -0.07, 0.07, seed: 2));
        bias = new Variable(Tf.Random.Uniform([256], -0.1, 0.1, seed: 3));
        sources = [w, bias];
    }

    [Benchmark(Baseline = true)]
    public Tensor?[] ThreeOps()
    {
        using var tape = new GradientTape();
        return tape.Gradient(Tf.Nn.Relu(Tf.Nn.BiasAdd(Tf.MatMul(x, w), bias)), sources);
    }

    [Benchmark]
    public Tensor?[] Fused()
    {
        using var tape = new GradientTape();
        return tape.Gradient(Registry.FusedMatMulRelu.Call(x, w, bias), sources);
    }
}
