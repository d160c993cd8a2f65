using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>
/// y[n, i, j, o] = Σ_{kh, kw, c} x[n, i·s + kh·d - pad, j·s + kw·d - pad, c] · f[kh, kw, c, o] (NHWC, TF's
/// cross-correlation, im2col + GEMM);   dx = Conv2DBackpropInput(f, dy),   df = Conv2DBackpropFilter(x, dy)
/// </summary>
internal sealed class Conv2D(ConvAttributes attributes) : Op
{
    public override string Name => "Conv2D";

    public Tensor Call(Tensor input, Tensor filters)
    {
        var g = Check(input, filters);
        return Finish(Output(input, filters, g, null, false), input, filters);
    }

    /// <summary>The convolution of checked operands over window <paramref name="g"/>, with the fused layer's bias and ReLU when given.</summary>
    internal static Tensor Output(Tensor input, Tensor filters, Window g, Tensor? bias, bool relu)
    {
        int outC = filters.Shape.D[3];
        var y = Tensor.Uninitialized(Shape.Own(g.OutputDims(outC)), input.DType); // the GEMMs write every element
        if (input.Buffer is float[] xf) Conv.Forward(xf, filters.Data<float>(), y.Data<float>(), g, outC, bias?.Data<float>(), relu);
        else Conv.Forward(input.Data<double>(), filters.Data<double>(), y.Data<double>(), g, outC, bias?.Data<double>(), relu);
        return y;
    }

    /// <summary>The operands' checks (dtypes, ranks, channels, geometry), naming Conv2D; the window they give.</summary>
    internal Window Check(Tensor input, Tensor filters)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(filters);
        RequireFloating(input);
        RequireSameDType(input, filters);
        if (input.Rank != 4 || filters.Rank != 4)
        {
            throw Error($"input must be rank 4 (NHWC) and filters rank 4 [height, width, in, out]: input {input.Describe()}, filters {filters.Describe()}");
        }
        if (filters.Shape.D[2] != input.Shape.D[3])
        {
            throw Error($"filters' in-channels ({filters.Shape.D[2]}) must equal input's channels ({input.Shape.D[3]}): input {input.Describe()}, filters {filters.Describe()}");
        }
        return attributes.Window(Name, input.Shape.D, filters.Shape.D);
    }

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) =>
    [
        Registry.Conv2DBackpropInput(inputs[0].Shape.Dims, inputs[1], dy, attributes),
        Registry.Conv2DBackpropFilter(inputs[0], inputs[1].Shape.Dims, dy, attributes),
    ];

    /// <summary>Skips the input gradient (a whole transposed convolution) when only the filters need one, as for a first layer's images.</summary>
    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, ulong needed) =>
    [
        (needed & 1) != 0 ? Registry.Conv2DBackpropInput(inputs[0].Shape.Dims, inputs[1], dy, attributes) : null,
        (needed & 2) != 0 ? Registry.Conv2DBackpropFilter(inputs[0], inputs[1].Shape.Dims, dy, attributes) : null,
    ];
}
