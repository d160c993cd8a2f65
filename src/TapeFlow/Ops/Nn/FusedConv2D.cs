using TapeFlow.Autodiff;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>
/// y = act(conv2d(input, filters) + bias) (NHWC, bias [out] optional, act = ReLU or none): a convolution layer in
/// one op, as TF's <c>_FusedConv2D</c>. The bias and ReLU run in the im2col product's epilogue, so the layer makes
/// one output instead of three. With dz = dy · 1[y &gt; 0] (ReLU) or dy: dinput = Conv2DBackpropInput(filters, dz),
/// dfilters = Conv2DBackpropFilter(input, dz), dbias = Σ dz over batch, height and width.
/// </summary>
internal sealed class FusedConv2D(ConvAttributes attributes, bool relu) : Op
{
    private readonly Conv2D conv = new(attributes);

    public override string Name => "_FusedConv2D";

    /// <summary>Whether ReLU follows the bias.</summary>
    public bool Relu => relu;

    /// <summary>dinput reads the filters, dfilters the input; with ReLU every gradient reads the output's mask.</summary>
    public override ulong KeptForGradient(ulong needed)
    {
        ulong keep = ((needed & 1) != 0 ? 2UL : 0) | ((needed & 2) != 0 ? 1UL : 0);
        return relu && needed != 0 ? keep | (1UL << SavedTensors.OutputBit) : keep;
    }

    public Tensor Call(Tensor input, Tensor filters, Tensor? bias)
    {
        var g = conv.Check(input, filters);
        int outC = filters.Shape.D[3];
        if (bias is not null && (bias.DType != input.DType || bias.Rank != 1 || bias.Shape[0] != outC))
        {
            throw Error($"the bias must be 1D with one value per filter, of the input's dtype: input {input.Describe()}, filters {filters.Describe()}, bias {bias.Describe()}");
        }
        var y = Tensor.Uninitialized(Shape.Own(g.OutputDims(outC)), input.DType); // the GEMMs write every element
        if (input.Buffer is float[] xf) Conv.Forward(xf, filters.Data<float>(), y.Data<float>(), g, outC, bias?.Data<float>(), relu);
        else Conv.Forward(input.Data<double>(), filters.Data<double>(), y.Data<double>(), g, outC, bias?.Data<double>(), relu);
        return bias is null ? Finish(y, input, filters) : Finish(y, [input, filters, bias]);
    }

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => Backward(dy, inputs, output, ulong.MaxValue);

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, ulong needed)
    {
        var dz = relu ? Registry.ReluGrad.Call(dy, output) : dy;
        var grads = new Tensor?[inputs.Length];
        if ((needed & 1) != 0) grads[0] = Registry.Conv2DBackpropInput(inputs[0].Shape.Dims, inputs[1], dz, attributes);
        if ((needed & 2) != 0) grads[1] = Registry.Conv2DBackpropFilter(inputs[0], inputs[1].Shape.Dims, dz, attributes);
        if (inputs.Length == 3 && (needed & 4) != 0) grads[2] = Tf.ReduceSum(dz, [0, 1, 2]);
        return grads;
    }
}
