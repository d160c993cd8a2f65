using TapeFlow.Keras.Layers;

namespace TapeFlow.Keras.Tests;

/// <summary>
/// A Dense or Conv2D layer with a bias or ReLU records one fused op (<c>_FusedMatMul</c>, <c>_FusedConv2D</c>) on
/// the tape instead of the product, BiasAdd and Relu, and its outputs and gradients keep the bits of the three
/// ops. Other activations and Dense inputs of rank 3 keep the separate ops.
/// </summary>
public class LayerFusionTests
{
    private static string[] RecordedOps(Layers.Layer layer, Tensor x, out Tensor y, out Tensor?[] grads)
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        y = layer.Call(x);
        var names = tape.Nodes.Select(n => n.Op.Name).ToArray();
        grads = tape.Gradient(Tf.ReduceSum(Tf.Square(y)), [x, .. layer.TrainableVariables]);
        return names;
    }

    private static Tensor?[] UnfusedGradients(Dense layer, Tensor x, Func<Tensor, Tensor> act, out Tensor y)
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var z = Tf.MatMul(x, layer.Kernel);
        if (layer.UseBias) z = Tf.Nn.BiasAdd(z, layer.Bias);
        y = act(z);
        return tape.Gradient(Tf.ReduceSum(Tf.Square(y)), [x, .. layer.TrainableVariables]);
    }

    [Theory]
    [InlineData("relu", true)]
    [InlineData(null, true)]
    [InlineData("relu", false)]
    public void Relu_or_linear_dense_records_one_fused_op_with_the_bits_of_the_three(string? activation, bool useBias)
    {
        var layer = new Dense(24, activation, biasInitializer: "random_normal", useBias: useBias);
        var x = Tf.Random.Uniform([16, 40], -1, 1, seed: 2);
        var names = RecordedOps(layer, x, out var y, out var grads);
        Assert.Equal(["_FusedMatMul"], names);
        var expected = UnfusedGradients(layer, x, activation is null ? t => t : Tf.Nn.Relu, out var y0);
        Assert.Equal(y0.ToArray<float>(), y.ToArray<float>());
        for (int i = 0; i < grads.Length; i++) Assert.Equal(expected[i]!.ToArray<float>(), grads[i]!.ToArray<float>());
    }

    [Fact]
    public void Other_activations_and_higher_ranks_keep_the_separate_ops()
    {
        var sigmoid = new Dense(3, "sigmoid");
        Assert.Equal(["MatMul", "BiasAdd", "Sigmoid"], RecordedOps(sigmoid, Tf.Ones([2, 4]), out _, out _));
        var relu = new Dense(3, "relu");
        Assert.Equal(["Reshape", "MatMul", "Reshape", "BiasAdd", "Relu"], RecordedOps(relu, Tf.Ones([2, 5, 4]), out _, out _));
    }

    [Theory]
    [InlineData("relu", true)]
    [InlineData(null, true)]
    [InlineData("relu", false)]
    public void Relu_or_linear_conv2d_records_one_fused_op_with_the_bits_of_the_three(string? activation, bool useBias)
    {
        var layer = new Conv2D(6, 3, strides: 2, padding: "same", activation: activation, useBias: useBias, biasInitializer: "random_normal");
        var x = Tf.Random.Uniform([3, 9, 8, 2], -1, 1, seed: 3);
        var names = RecordedOps(layer, x, out var y, out var grads);
        Assert.Equal(["_FusedConv2D"], names);
        using var tape = new GradientTape();
        tape.Watch(x);
        var z = Tf.Nn.Conv2D(x, layer.Kernel, 2, "SAME");
        if (useBias) z = Tf.Nn.BiasAdd(z, layer.Bias);
        var y0 = activation is null ? z : Tf.Nn.Relu(z);
        var expected = tape.Gradient(Tf.ReduceSum(Tf.Square(y0)), [x, .. layer.TrainableVariables]);
        Assert.Equal(y0.ToArray<float>(), y.ToArray<float>());
        for (int i = 0; i < grads.Length; i++) Assert.Equal(expected[i]!.ToArray<float>(), grads[i]!.ToArray<float>());
    }

    [Fact]
    public void A_conv2d_with_another_activation_keeps_the_separate_ops()
    {
        var layer = new Conv2D(2, 3, activation: "tanh");
        Assert.Equal(["Conv2D", "BiasAdd", "Tanh"], RecordedOps(layer, Tf.Ones([1, 5, 5, 1]), out _, out _));
    }
}
