using TapeFlow.Ops;

namespace TapeFlow.Tests.Ops;

/// <summary>
/// The fused dense layer (<c>_FusedMatMul</c>: product, bias, ReLU in one op) must give the bits of the three
/// ops it replaces on every path of the product: the triple loop of tiny products, the packed kernel with its
/// edge tiles, more than one row block, and products split over two threads by columns or by rows.
/// </summary>
[Trait("Category", "Kernels")]
public class FusedMatMulTests
{
    // (m, k, n): tiny (triple loop), edge tiles on both axes, several depth blocks, the MLP's first layer,
    // rows beyond one 1200-row block, a narrow product that two threads split by rows, and k = 0.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 2, 3, 4 },
        { 37, 29, 45 },
        { 13, 900, 70 },
        { 64, 784, 256 },
        { 1300, 40, 24 },
        { 600, 300, 16 },
        { 5, 0, 7 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_has_the_bits_of_matmul_then_bias_add_then_relu_on_one_and_two_threads(int m, int k, int n) =>
        SameBitsAsUnfused(m, k, n, DType.Float32);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float64_has_the_bits_of_matmul_then_bias_add_then_relu_on_one_and_two_threads(int m, int k, int n) =>
        SameBitsAsUnfused(m, k, n, DType.Float64);

    private static void SameBitsAsUnfused(int m, int k, int n, DType dtype)
    {
        var a = Tf.Cast(Tf.Random.Uniform([m, k], -1, 1, seed: 1), dtype);
        var b = Tf.Cast(Tf.Random.Uniform([k, n], -1, 1, seed: 2), dtype);
        var bias = Tf.Cast(Tf.Random.Uniform([n], -1, 1, seed: 3), dtype);
        int before = Tf.Config.GetIntraOpThreads();
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Tf.Config.SetIntraOpThreads(threads);
                var product = Tf.MatMul(a, b);
                var biased = Tf.Nn.BiasAdd(product, bias);
                BitsEqual(Tf.Nn.Relu(biased), Registry.FusedMatMulRelu.Call(a, b, bias), $"relu(a @ b + bias), {threads} thread(s)");
                BitsEqual(biased, Registry.FusedMatMul.Call(a, b, bias), $"a @ b + bias, {threads} thread(s)");
                BitsEqual(Tf.Nn.Relu(product), Registry.FusedMatMulRelu.Call(a, b, null), $"relu(a @ b), {threads} thread(s)", someOn: k > 0);
            }
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
    }

    private static void BitsEqual(Tensor expected, Tensor actual, string what, bool someOn = true)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = Tf.Cast(expected, DType.Float64).ToArray<double>();
        var a = Tf.Cast(actual, DType.Float64).ToArray<double>();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]), $"{what}: element {i} is {a[i]}, unfused {e[i]}");
        }
        if (someOn) Assert.Contains(a, v => v > 0); // the values are not all cut to zero
    }

    [Fact]
    public void Gradients_equal_those_of_the_three_ops()
    {
        var a = Tf.Random.Uniform([9, 20], -1, 1, seed: 4);
        var b = Tf.Random.Uniform([20, 18], -1, 1, seed: 5);
        var bias = Tf.Random.Uniform([18], -1, 1, seed: 6);
        var dy = Tf.Random.Uniform([9, 18], -1, 1, seed: 7);
        Tensor?[] fused, unfused;
        using (var tape = new GradientTape())
        {
            tape.Watch([a, b, bias]);
            fused = tape.Gradient(Registry.FusedMatMulRelu.Call(a, b, bias), [a, b, bias], outputGradients: dy);
        }
        using (var tape = new GradientTape())
        {
            tape.Watch([a, b, bias]);
            unfused = tape.Gradient(Tf.Nn.Relu(Tf.Nn.BiasAdd(Tf.MatMul(a, b), bias)), [a, b, bias], outputGradients: dy);
        }
        for (int i = 0; i < 3; i++) Assert.Equal(unfused[i]!.ToArray<float>(), fused[i]!.ToArray<float>());
    }

    [Fact]
    public void Forward_mode_tangents_of_every_input_match_the_three_ops()
    {
        var a = Tf.Random.Uniform([4, 6], -1, 1, seed: 8, dtype: DType.Float64);
        var b = Tf.Random.Uniform([6, 5], -1, 1, seed: 9, dtype: DType.Float64);
        var bias = Tf.Random.Uniform([5], -1, 1, seed: 10, dtype: DType.Float64);
        var ta = Tf.Random.Uniform([4, 6], -1, 1, seed: 11, dtype: DType.Float64);
        var tb = Tf.Random.Uniform([6, 5], -1, 1, seed: 12, dtype: DType.Float64);
        var tbias = Tf.Random.Uniform([5], -1, 1, seed: 13, dtype: DType.Float64);
        Tensor Jvp(Func<Tensor, Tensor, Tensor, Tensor> f)
        {
            using var acc = new ForwardAccumulator([a, b, bias], [ta, tb, tbias]);
            return acc.Jvp(f(a, b, bias))!;
        }
        var fused = Jvp((x, w, c) => Registry.FusedMatMulRelu.Call(x, w, c));
        var unfused = Jvp((x, w, c) => Tf.Nn.Relu(Tf.Nn.BiasAdd(Tf.MatMul(x, w), c)));
        Assert.Equal(unfused.Shape, fused.Shape);
        var e = unfused.ToArray<double>();
        var g = fused.ToArray<double>();
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - g[i]) <= 1e-12, $"tangent {i}: {g[i]} vs {e[i]}");
        Assert.Contains(g, v => v == 0); // some units are off: ReLU's mask is applied
    }

    [Fact]
    public void Bad_operands_name_the_op_shapes_and_dtypes()
    {
        var a = Tf.Zeros([2, 3]);
        var e = Assert.Throws<ArgumentException>(() => Registry.FusedMatMulRelu.Call(a, Tf.Zeros([4, 5]), Tf.Zeros([5])));
        Assert.Contains("_FusedMatMul", e.Message, StringComparison.Ordinal);
        Assert.Contains("(4, 5)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Registry.FusedMatMul.Call(a, Tf.Zeros([3, 5]), Tf.Zeros([4])));
        Assert.Contains("bias", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Registry.FusedMatMul.Call(a, Tf.Zeros([3, 5], DType.Float64), null));
        Assert.Contains("float64", e.Message, StringComparison.Ordinal);
    }
}
