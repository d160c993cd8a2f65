namespace TapeFlow.Ops;

/// <summary>
/// y = x summed down to a shape it broadcasts to (numpy's rule in reverse): the one place gradients
/// are unbroadcast.   dx = broadcast_to(dy, x.shape)
/// </summary>
internal sealed class SumTo(Shape shape) : Op
{
    public override string Name => "SumTo";

    public Tensor Call(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int lead = x.Rank - shape.Rank;
        if (lead < 0) throw Error($"x {x.Describe()} does not broadcast from shape {shape}");
        Span<int> found = stackalloc int[x.Rank];
        int count = 0;
        for (int i = 0; i < x.Rank; i++)
        {
            if (i < lead) found[count++] = i;
            else if (shape.D[i - lead] == 1 && x.Shape.D[i] != 1) found[count++] = i;
            else if (shape.D[i - lead] != x.Shape.D[i]) throw Error($"x {x.Describe()} does not broadcast from shape {shape}");
        }
        if (IsLeadingBlock(found[..count]) && x.DType.IsFloating())
        {
            // The common cases (a bias's gradient, a scalar's): sum the leading axes straight into the result.
            int n = 1;
            for (int i = 0; i < count; i++) n *= x.Shape.D[i];
            var y = Tensor.Uninitialized(shape, x.DType);
            if (n == 0) Array.Clear(y.Buffer);
            else if (x.DType == DType.Float32) Kernels.Reduce.Run<float, Kernels.SumOperator>(x.Data<float>(), y.Data<float>(), 1, n, x.Size / n);
            else Kernels.Reduce.Run<double, Kernels.SumOperator>(x.Data<double>(), y.Data<double>(), 1, n, x.Size / n);
            return Finish(y, x);
        }
        var axes = found[..count].ToArray();
        // The kernel is an ordinary sum; it runs with no tape so that only this op is recorded.
        Tensor summed;
        using (Autodiff.Engine.Pause()) summed = Registry.Sum(x, axes, keepDims: false);
        return Finish(new Tensor(summed.Buffer, shape, x.DType), x);
    }

    private static bool IsLeadingBlock(ReadOnlySpan<int> axes)
    {
        for (int i = 0; i < axes.Length; i++)
        {
            if (axes[i] != i) return false;
        }
        return true;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank)
    {
        if (tangents[0] is not { } t) return null;
        if (batchRank == 0) return Tf.SumTo(t, shape);
        // Keep the batch axes out of the reduction: sum to batch + 1…1 + shape, then drop the 1s.
        var lead = Autodiff.Tangents.Lead(t, batchRank);
        var ones = Enumerable.Repeat(1, inputs[0].Rank - shape.Rank);
        return Tf.Reshape(Tf.SumTo(t, new Shape([.. lead, .. ones, .. shape.D])), [.. lead, .. shape.D]);
    }

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => [Tf.BroadcastTo(dy, inputs[0].Shape)];
}
