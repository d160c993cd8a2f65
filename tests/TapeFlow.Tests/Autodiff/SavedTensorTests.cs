using TapeFlow.Autodiff;
using TapeFlow.Tests.Ops;

namespace TapeFlow.Tests.Autodiff;

/// <summary>
/// A tape keeps only the values each op's gradient reads for the inputs it watched (PyTorch's saved
/// tensors). Generated from the op table: with every tensor eligible for a stand-in, each op's
/// gradient, Jacobian and second-order gradient with respect to each input alone must equal the ones
/// computed with everything kept. An op that declares too little fails here with the stand-in error.
/// </summary>
[Collection(TapeFlow.Tests.Debugging.GlobalStateCollection.Name)]
public class SavedTensorTests
{
    public static TheoryData<string> Differentiable => GradientCheckTests.Rows(s => s.Differentiable);

    [Theory]
    [MemberData(nameof(Differentiable))]
    public void Each_input_alone_gets_the_same_derivatives_from_the_values_the_tape_kept(string id)
    {
        var s = OpSamples.Get(id);
        var x = s.Inputs();
        for (int k = 0; k < x.Length; k++)
        {
            if (!x[k].DType.IsFloating()) continue;
            var kept = Derivatives(s, x, k, minElements: int.MaxValue);
            var pruned = Derivatives(s, x, k, minElements: 0);
            Assert.Equal(kept.Length, pruned.Length);
            for (int i = 0; i < kept.Length; i++)
            {
                Assert.True(kept[i] is null == pruned[i] is null, $"{id}: derivative {i} of input #{k} is null one way only");
                if (kept[i] is null) continue;
                Assert.Equal(kept[i]!.Length, pruned[i]!.Length);
                for (int j = 0; j < kept[i]!.Length; j++)
                {
                    // Not bitwise: TensorPrimitives' transcendental kernels split work by alignment, so the last ulp can move.
                    double a = kept[i]![j], b = pruned[i]![j];
                    Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a)), $"{id}: derivative {i} of input #{k} differs at {j}: {a} vs {b}");
                }
            }
        }
    }

    [Fact]
    public void An_intermediate_no_gradient_reads_is_not_held_by_the_tape()
    {
        var x = Tf.Random.Uniform([64, 64], seed: 1);
        var c = Tf.Fill([64, 64], 2f);
        using var tape = new GradientTape();
        tape.Watch(x);
        var (y, sum) = AddThenScale(x, c); // sum = x + c is garbage once y exists: Mul keeps c, not its input
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(sum.IsAlive);
        var g = tape.Gradient(y, x)!;
        Assert.All(g.ToArray<float>(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void Watching_an_input_after_the_op_ran_names_the_values_the_tape_did_not_keep()
    {
        var x = Tf.Random.Uniform([2048], seed: 2);
        var c = Tf.Random.Uniform([2048], seed: 3);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var y = Tf.Multiply(x, c); // dy/dx needs c: kept; x is not, since c was not watched
        tape.Watch(c);
        Assert.NotNull(tape.Gradient(y, x));
        var e = Assert.Throws<InvalidOperationException>(() => tape.Gradient(y, c));
        Assert.StartsWith("Mul: its gradient needs values the tape did not keep (input #0 (2048,) float32", e.Message, StringComparison.Ordinal);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (Tensor Y, WeakReference Sum) AddThenScale(Tensor x, Tensor c)
    {
        var sum = Tf.Add(x, c);
        return (Tf.Multiply(sum, c), new WeakReference(sum));
    }

    /// <summary>VJP, Jacobian (when small) and Hessian-vector product of the sample with respect to input k alone.</summary>
    private static double[]?[] Derivatives(OpSample s, Tensor[] x, int k, int minElements)
    {
        int before = SavedTensors.MinElements;
        SavedTensors.MinElements = minElements;
        try
        {
            var rng = new Random(OpSample.StableHash(s.Id) + k);
            Tensor y;
            var tape = new GradientTape(persistent: true);
            using (tape)
            {
                tape.Watch(x[k]);
                y = s.Build(x);
            }
            var u = Tensor.FromArray(GradCheck.Gaussian((int)y.Shape.Size, rng), y.Shape.Dims);
            var vjp = tape.Gradient(y, x[k], u, UnconnectedGradients.Zero)?.ToArray<double>();
            var jacobian = s.IsSmall ? tape.Jacobian(y, x[k], UnconnectedGradients.Zero)?.ToArray<double>() : null;
            double[]? hvp = null;
            if (s.TwiceDifferentiable)
            {
                var w = Tensor.FromArray(GradCheck.Gaussian((int)x[k].Shape.Size, rng), x[k].Shape.Dims);
                using var outer = new GradientTape();
                outer.Watch(x[k]);
                Tensor? g;
                using (var inner = new GradientTape())
                {
                    inner.Watch(x[k]);
                    g = inner.Gradient(s.Build(x), x[k], u);
                }
                hvp = g is null ? null : outer.Gradient(Tf.ReduceSum(Tf.Multiply(g, w)), x[k], unconnectedGradients: UnconnectedGradients.Zero)?.ToArray<double>();
            }
            return [vjp, jacobian, hvp];
        }
        finally
        {
            SavedTensors.MinElements = before;
        }
    }
}
