namespace TapeFlow.Ops;

/// <summary>
/// y = act(conv2d(input, filters) + bias) (NHWC, bias [out] optional, act = ReLU or none): a convolution layer in
/// one op, as TF's <c>_FusedConv2D</c>. The bias and ReLU run in the im2col product's epilogue, so the layer makes
/// one output instead of three. With dz = dy · 1[y &gt; 0] (ReLU) or dy: dinput = Conv2DBackpropInput(filters, dz),
/// dfilters = Conv2DBackpropFilter(input, dz), dbias = Σ dz over batch, height and width.
/// </summary>
internal sealed class FusedConv2D(ConvAttributes attributes, bool relu) : FusedLayer(relu)
{
    private readonly Conv2D conv = new(attributes);

    public override string Name => "_FusedConv2D";

    public Tensor Call(Tensor input, Tensor filters, Tensor? bias)
    {
        var g = conv.Check(input, filters);
        int outC = filters.Shape.D[3];
        if (bias is not null && (bias.DType != input.DType || bias.Rank != 1 || bias.Shape[0] != outC))
        {
            throw Error($"the bias must be 1D with one value per filter, of the input's dtype: input {input.Describe()}, filters {filters.Describe()}, bias {bias.Describe()}");
        }
        return Finish(Conv2D.Output(input, filters, g, bias, Relu), input, filters, bias);
    }

    protected override Tensor InputGradient(Tensor dz, Tensor[] inputs) => Registry.Conv2DBackpropInput(inputs[0].Shape.Dims, inputs[1], dz, attributes);

    protected override Tensor WeightGradient(Tensor dz, Tensor[] inputs) => Registry.Conv2DBackpropFilter(inputs[0], inputs[1].Shape.Dims, dz, attributes);
}
