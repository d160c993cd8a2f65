using TapeFlow.Ops;

namespace TapeFlow.Tests.Ops;

/// <summary>
/// The fused convolution layer (<c>_FusedConv2D</c>: convolution, bias, ReLU in one op) must give the bits of the
/// three ops on every path of the convolution: gathered columns, 1x1 filters read in place, strides and padding,
/// a batch split over the workers, and a batch whose columns take more than one chunk.
/// </summary>
[Trait("Category", "Kernels")]
public class FusedConv2DTests
{
    public static TheoryData<int[], int[], int, string> Geometries => new()
    {
        { [2, 7, 6, 3], [3, 3, 3, 5], 1, "VALID" },
        { [3, 9, 9, 2], [2, 2, 2, 4], 2, "SAME" },
        { [4, 5, 5, 6], [1, 1, 6, 7], 1, "VALID" },
        { [16, 12, 12, 8], [3, 3, 8, 16], 1, "SAME" },
        { [10, 64, 64, 16], [3, 3, 16, 8], 1, "VALID" },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Has_the_bits_of_conv2d_then_bias_add_then_relu_on_one_and_two_threads(int[] input, int[] filter, int stride, string padding)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Tf.Cast(Tf.Random.Uniform(input, -1, 1, seed: 1), dtype);
            var f = Tf.Cast(Tf.Random.Uniform(filter, -1, 1, seed: 2), dtype);
            var bias = Tf.Cast(Tf.Random.Uniform([filter[3]], -1, 1, seed: 3), dtype);
            var attributes = new ConvAttributes([stride], padding, [1]);
            int before = Tf.Config.GetIntraOpThreads();
            try
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    Tf.Config.SetIntraOpThreads(threads);
                    var conv = Tf.Nn.Conv2D(x, f, stride, padding);
                    var biased = Tf.Nn.BiasAdd(conv, bias);
                    string where = $"{dtype.Name()} {threads} thread(s)";
                    BitsEqual(Tf.Nn.Relu(biased), Registry.FusedConv2D(x, f, bias, attributes, relu: true), $"relu(conv + bias), {where}");
                    BitsEqual(biased, Registry.FusedConv2D(x, f, bias, attributes, relu: false), $"conv + bias, {where}");
                    BitsEqual(Tf.Nn.Relu(conv), Registry.FusedConv2D(x, f, null, attributes, relu: true), $"relu(conv), {where}");
                }
            }
            finally
            {
                Tf.Config.SetIntraOpThreads(before);
            }
        }
    }

    private static void BitsEqual(Tensor expected, Tensor actual, string what)
    {
        var a = Support.Bits.Equal(expected, actual, what);
        Assert.Contains(a, v => v > 0);
    }

    [Fact]
    public void Gradients_equal_those_of_the_three_ops()
    {
        var x = Tf.Random.Uniform([2, 6, 6, 3], -1, 1, seed: 4);
        var f = Tf.Random.Uniform([3, 3, 3, 4], -1, 1, seed: 5);
        var bias = Tf.Random.Uniform([4], -1, 1, seed: 6);
        var dy = Tf.Random.Uniform([2, 3, 3, 4], -1, 1, seed: 7);
        var attributes = new ConvAttributes([2], "SAME", [1]);
        Tensor?[] fused, unfused;
        using (var tape = new GradientTape())
        {
            tape.Watch([x, f, bias]);
            fused = tape.Gradient(Registry.FusedConv2D(x, f, bias, attributes, relu: true), [x, f, bias], outputGradients: dy);
        }
        using (var tape = new GradientTape())
        {
            tape.Watch([x, f, bias]);
            unfused = tape.Gradient(Tf.Nn.Relu(Tf.Nn.BiasAdd(Tf.Nn.Conv2D(x, f, 2, "SAME"), bias)), [x, f, bias], outputGradients: dy);
        }
        for (int i = 0; i < 3; i++) Assert.Equal(unfused[i]!.ToArray<float>(), fused[i]!.ToArray<float>());
    }

    [Fact]
    public void Bad_operands_name_the_op_shapes_and_dtypes()
    {
        var attributes = new ConvAttributes([1], "VALID", [1]);
        var x = Tf.Zeros([1, 4, 4, 2]);
        var e = Assert.Throws<ArgumentException>(() => Registry.FusedConv2D(x, Tf.Zeros([3, 3, 2, 5]), Tf.Zeros([4]), attributes, relu: true));
        Assert.Contains("_FusedConv2D", e.Message, StringComparison.Ordinal);
        Assert.Contains("(4,)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Registry.FusedConv2D(x, Tf.Zeros([3, 3, 3, 5]), null, attributes, relu: true));
        Assert.Contains("in-channels", e.Message, StringComparison.Ordinal);
    }
}
