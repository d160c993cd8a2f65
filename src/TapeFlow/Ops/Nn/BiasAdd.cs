using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = value + bias along the last axis (value [..., n], bias [n]);   dvalue = dy, dbias = Σ dy over every axis but the last</summary>
internal sealed class BiasAdd : Op
{
    public override string Name => "BiasAdd";

    /// <summary>The gradient reads only shapes.</summary>
    public override ulong KeptForGradient(ulong needed) => 0;

    public Tensor Call(Tensor value, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(bias);
        RequireSameDType(value, bias);
        RequireNumeric(value);
        if (value.Rank < 2) throw Error($"input tensor must be at least 2D: value {value.Describe()}");
        if (bias.Rank != 1) throw Error($"biases must be 1D: bias {bias.Describe()}");
        if (bias.Shape[0] != value.Shape[-1])
        {
            throw Error($"must provide as many biases as the last dimension of the input tensor: value {value.Describe()}, bias {bias.Describe()}");
        }
        var y = Tensor.Uninitialized(value.Shape, value.DType);
        switch (value.DType)
        {
            case DType.Float32: Rows<float>(value, bias, y); break;
            case DType.Float64: Rows<double>(value, bias, y); break;
            case DType.Int32: Rows<int>(value, bias, y); break;
            case DType.Int64: Rows<long>(value, bias, y); break;
            default: Rows<byte>(value, bias, y); break;
        }
        return Finish(y, value, bias);
    }

    private static void Rows<T>(Tensor value, Tensor bias, Tensor y) where T : unmanaged, INumber<T>
    {
        var x = value.Data<T>();
        var b = bias.Data<T>();
        var o = y.Data<T>();
        int n = b.Length;
        if (n == 0) return;
        for (int r = 0; r < x.Length; r += n) Elementwise.Zip<T, Add.Operator>(x.AsSpan(r, n), b, o.AsSpan(r, n));
    }

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => [dy, BiasGrad(dy)];

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, ulong needed) => (needed & 3) switch
    {
        1 => [dy, null],
        2 => [null, BiasGrad(dy)],
        _ => Backward(dy, inputs, output),
    };

    /// <summary>The bias's gradient: <paramref name="dy"/> summed over every axis but the last (TF's BiasAddGrad, NHWC).</summary>
    internal static Tensor BiasGrad(Tensor dy)
    {
        var axes = new int[dy.Rank - 1];
        for (int i = 0; i < axes.Length; i++) axes[i] = i;
        return Tf.ReduceSum(dy, axes);
    }
}
