namespace TapeFlow.Keras.Layers;

/// <summary>
/// When a layer runs as one fused op (<c>_FusedMatMul</c>, <c>_FusedConv2D</c>) instead of its product, BiasAdd and
/// activation: with a bias or ReLU, no other activation, and float operands of one dtype. The fused op applies the
/// bias and ReLU in the product's epilogue, so the layer makes one output and one tape node instead of three, with
/// the same bits.
/// </summary>
internal static class LayerFusion
{
    private static readonly Func<Tensor, Tensor> ReluFunction = Tf.Nn.Relu;

    /// <summary>Whether <paramref name="activation"/> is ReLU (<c>"relu"</c> or <c>Tf.Nn.Relu</c>), which the fused ops apply themselves.</summary>
    public static bool IsRelu(Func<Tensor, Tensor>? activation) => activation is not null && activation.Equals(ReluFunction);

    /// <summary>Whether a layer with this activation (<paramref name="relu"/> from <see cref="IsRelu"/>) and these operands runs fused.</summary>
    public static bool Applies(Func<Tensor, Tensor>? activation, bool relu, Tensor inputs, Tensor kernel, Tensor? bias) =>
        (bias is not null || relu) && (activation is null || relu)
        && inputs.DType.IsFloating() && inputs.DType == kernel.DType && (bias is null || bias.DType == inputs.DType);
}
