using TapeFlow.Ops;

namespace TapeFlow.Tests.Ops;

/// <summary>
/// A product's two gradients in the size window where they run at once on two threads (<c>MatMul.Pair</c>) must be
/// the gradients one thread computes, bit for bit, for every transpose of the forward product and for the fused
/// dense layer, and must still be recorded so that a second-order gradient through them is right.
/// </summary>
[Trait("Category", "Kernels")]
public class GradientProductPairTests
{
    // (m, k, n) with m·k·n between 2^16 and 2^20 multiply-adds (the MLP's 64-128-64 layer: 524K), one at each end of
    // the window, one outside it (the plain calls), and shapes with edge tiles.
    public static TheoryData<int, int, int, bool, bool> Products => new()
    {
        { 64, 128, 64, false, false },
        { 64, 128, 64, true, false },
        { 64, 128, 64, false, true },
        { 64, 128, 64, true, true },
        { 64, 32, 32, false, false },
        { 128, 128, 64, false, false },
        { 37, 61, 45, false, false },
        { 100, 90, 70, true, true },
        { 8, 8, 8, false, false },
    };

    [Theory]
    [MemberData(nameof(Products))]
    public void Matmul_gradients_on_two_threads_have_the_bits_of_one_thread(int m, int k, int n, bool ta, bool tb)
    {
        var a = Tf.Random.Uniform(ta ? [k, m] : [m, k], -1, 1, seed: 1);
        var b = Tf.Random.Uniform(tb ? [n, k] : [k, n], -1, 1, seed: 2);
        var dy = Tf.Random.Uniform([m, n], -1, 1, seed: 3);
        var one = OnThreads(1, () => Gradients(a, b, dy, (x, y) => Tf.MatMul(x, y, ta, tb)));
        var two = OnThreads(2, () => Gradients(a, b, dy, (x, y) => Tf.MatMul(x, y, ta, tb)));
        Support.Bits.Equal(one[0], two[0], "da");
        Support.Bits.Equal(one[1], two[1], "db");
    }

    [Theory]
    [InlineData(64, 128, 64, DType.Float32)]
    [InlineData(64, 128, 64, DType.Float64)]
    [InlineData(50, 70, 30, DType.Float32)]
    public void Fused_dense_layer_gradients_on_two_threads_have_the_bits_of_one_thread(int m, int k, int n, DType dtype)
    {
        var x = Tf.Cast(Tf.Random.Uniform([m, k], -1, 1, seed: 4), dtype);
        var w = Tf.Cast(Tf.Random.Uniform([k, n], -1, 1, seed: 5), dtype);
        var bias = Tf.Cast(Tf.Random.Uniform([n], -1, 1, seed: 6), dtype);
        var dy = Tf.Cast(Tf.Random.Uniform([m, n], -1, 1, seed: 7), dtype);
        var one = OnThreads(1, () => Gradients(x, w, dy, (p, q) => Registry.FusedMatMulRelu.Call(p, q, bias)));
        var two = OnThreads(2, () => Gradients(x, w, dy, (p, q) => Registry.FusedMatMulRelu.Call(p, q, bias)));
        Support.Bits.Equal(one[0], two[0], "dx");
        Support.Bits.Equal(one[1], two[1], "dw");
    }

    [Fact]
    public void Second_order_gradient_through_the_pair_matches_the_closed_form()
    {
        // f = Σ (a @ b)², g = ∂f/∂a = 2 (a @ b) bᵀ (a pair: both a and b are watched), then ∂(Σ g)/∂b on two threads.
        var a = Tf.Random.Uniform([64, 128], -1, 1, seed: 8);
        var b = Tf.Random.Uniform([128, 64], -1, 1, seed: 9);
        Tensor? second = OnThreads(2, () =>
        {
            using var outer = new GradientTape();
            outer.Watch(b);
            Tensor? g;
            using (var inner = new GradientTape())
            {
                inner.Watch(a);
                inner.Watch(b);
                var y = Tf.MatMul(a, b);
                g = inner.Gradient(Tf.ReduceSum(Tf.Multiply(y, y)), [a, b])[0];
            }
            return outer.Gradient(Tf.ReduceSum(g!), b);
        });
        // h = Σ g = 2 pᵀ b q with p = aᵀ 1 and q = bᵀ 1, so dh/db = 2 p qᵀ + 2 · 1 (pᵀ b), here spelled out in
        // products on one thread (none of them a gradient, so none runs as a pair).
        var p = Tf.MatMul(a, Tf.Fill([64, 1], 1f), transposeA: true);
        var q = Tf.MatMul(b, Tf.Fill([128, 1], 1f), transposeA: true);
        var expected = OnThreads(1, () => Tf.Multiply(Tf.Fill([], 2f),
            Tf.Add(Tf.MatMul(p, q, transposeB: true), Tf.MatMul(Tf.Fill([128, 1], 1f), Tf.MatMul(p, b, transposeA: true)))));
        Assert.NotNull(second);
        var s = second!.ToArray<float>();
        var e = expected.ToArray<float>();
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(s[i] - e[i]) <= 1e-3 * Math.Max(1, Math.Abs(e[i])), $"element {i}: {s[i]} against {e[i]}");
    }

    private static Tensor[] Gradients(Tensor a, Tensor b, Tensor dy, Func<Tensor, Tensor, Tensor> product)
    {
        using var tape = new GradientTape();
        tape.Watch(a);
        tape.Watch(b);
        var y = product(a, b);
        var grads = tape.Gradient(y, [a, b], outputGradients: dy);
        return [grads[0]!, grads[1]!];
    }

    private static T OnThreads<T>(int threads, Func<T> body)
    {
        int before = Tf.Config.GetIntraOpThreads();
        Tf.Config.SetIntraOpThreads(threads);
        try
        {
            return body();
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
    }
}
