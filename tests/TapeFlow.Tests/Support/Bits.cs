namespace TapeFlow.Tests.Support;

/// <summary>Exact assertions: two tensors with the same shape and the same bits in every element.</summary>
internal static class Bits
{
    /// <summary>Fails at the first element whose bits differ (compared as float64, which holds every float32 exactly); returns the actual values.</summary>
    public static double[] Equal(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = Tf.Cast(expected, DType.Float64).ToArray<double>();
        var a = Tf.Cast(actual, DType.Float64).ToArray<double>();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]), $"{what}: element {i} is {a[i]}, expected {e[i]}");
        }
        return a;
    }
}
