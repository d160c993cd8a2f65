using System.Numerics;
using TapeFlow.Ops;

namespace TapeFlow.Kernels;

/// <summary>
/// What a fused dense layer adds to a finished block of C (bias, then ReLU), applied by the thread that
/// computed the block while it is still in cache, so the layer needs no separate passes over its output.
/// The same operators as the unfused <c>BiasAdd</c> and <c>Relu</c> ops, in the same order: the same bits.
/// </summary>
internal static class GemmEpilogue
{
    /// <summary>C[i0..i0+rows, j0..j1] = act(C + bias[j0..j1]).</summary>
    public static void Apply<T>(in GemmArgs<T> g, int i0, int rows, int j0, int j1) where T : unmanaged, INumber<T>
    {
        int width = j1 - j0;
        if (width <= 0) return;
        for (int r = 0; r < rows; r++)
        {
            var row = g.C.AsSpan(g.COffset + (i0 + r) * g.N + j0, width);
            if (g.Bias is { } bias)
            {
                var b = bias.AsSpan(j0, width);
                if (g.Relu) Elementwise.Zip<T, AddRelu>(row, b, row);
                else Elementwise.Zip<T, Add.Operator>(row, b, row);
            }
            else if (g.Relu)
            {
                Elementwise.Map<T, Relu.Operator>(row, row);
            }
        }
    }

    /// <summary>max(a + b, 0), rounded as the two ops one after the other.</summary>
    private readonly struct AddRelu : IBinaryOperator
    {
        public static T Invoke<T>(T a, T b) where T : unmanaged, INumber<T> => Relu.Operator.Invoke(a + b);

        public static Vector<T> Invoke<T>(Vector<T> a, Vector<T> b) where T : unmanaged, INumber<T> => Relu.Operator.Invoke(a + b);
    }
}
