using TapeFlow.Autodiff;

namespace TapeFlow.Ops;

/// <summary>
/// What the fused layer ops (<c>_FusedMatMul</c>, <c>_FusedConv2D</c>) share: y = act(product(x, w) + bias) with
/// inputs [x, w] or [x, w, bias] and act = ReLU or none. The gradient is the product's two gradients of
/// dz = dy · 1[y &gt; 0] (ReLU) or dy, and for the bias the sum of dz over every axis but the last.
/// </summary>
internal abstract class FusedLayer(bool relu) : Op
{
    /// <summary>Whether ReLU follows the bias.</summary>
    public bool Relu => relu;

    /// <summary>dx reads w, dw reads x; with ReLU every gradient reads the output's mask.</summary>
    public sealed override ulong KeptForGradient(ulong needed)
    {
        ulong keep = ((needed & 1) != 0 ? 2UL : 0) | ((needed & 2) != 0 ? 1UL : 0);
        return relu && needed != 0 ? keep | (1UL << SavedTensors.OutputBit) : keep;
    }

    public sealed override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => Backward(dy, inputs, output, ulong.MaxValue);

    public sealed override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, ulong needed)
    {
        var dz = relu ? Registry.ReluGrad.Call(dy, output) : dy;
        var grads = new Tensor?[inputs.Length];
        (grads[0], grads[1]) = ProductGradients(dz, inputs, (needed & 1) != 0, (needed & 2) != 0);
        if (inputs.Length == 3 && (needed & 4) != 0) grads[2] = BiasAdd.BiasGrad(dz);
        return grads;
    }

    /// <summary>The product's gradients with respect to x and w, given dz, each only when asked for.</summary>
    protected virtual (Tensor? Input, Tensor? Weight) ProductGradients(Tensor dz, Tensor[] inputs, bool input, bool weight) =>
        (input ? InputGradient(dz, inputs) : null, weight ? WeightGradient(dz, inputs) : null);

    /// <summary>The product's gradient with respect to x, given dz.</summary>
    protected abstract Tensor InputGradient(Tensor dz, Tensor[] inputs);

    /// <summary>The product's gradient with respect to w, given dz.</summary>
    protected abstract Tensor WeightGradient(Tensor dz, Tensor[] inputs);

    /// <summary>Records the output with its two or three inputs.</summary>
    protected Tensor Finish(Tensor y, Tensor x, Tensor w, Tensor? bias) => bias is null ? Finish(y, x, w) : Finish(y, [x, w, bias]);
}
