namespace TapeFlow.Autodiff;

/// <summary>
/// The backward half of <c>Tf.Debugging.DetectAnomaly()</c>, like PyTorch's <c>detect_anomaly</c>: a NaN or
/// Inf produced while computing a node's gradient throws an error that names the forward op the gradient
/// belongs to and, when captured, where that op was recorded.
/// </summary>
internal static class Anomaly
{
    public static void Step(TapeNode node, Tensor dy, HashSet<long> dependsOnSource, Dictionary<long, Tensor> grads, ulong needed, Memory.WalkArena? arena)
    {
        try
        {
            Backprop.Step(node, dy, dependsOnSource, grads, needed, arena, (k, g) =>
            {
                var (index, what) = Numerics.FirstNonFinite(g);
                if (index >= 0)
                {
                    throw new NumericsException(
                        $"{node.Op.Name}: the gradient for input #{k} {node.Inputs[k].Describe()} contains {what} (first at flat index {index}); " +
                        $"raised by Tf.Debugging.DetectAnomaly() in the backward pass{Where(node)}");
                }
            });
        }
        catch (NumericsException e) when (!e.Message.Contains("raised by Tf.Debugging.DetectAnomaly()", StringComparison.Ordinal))
        {
            // An op inside the gradient made the NaN/Inf first (the forward check is on in the scope): name the forward op.
            throw new NumericsException(
                $"{node.Op.Name}: computing its gradient produced a NaN or Inf ({e.Message}); " +
                $"raised by Tf.Debugging.DetectAnomaly() in the backward pass{Where(node)}");
        }
    }

    private static string Where(TapeNode node) => node.Creation is { } trace
        ? $" (forward op {node.Op.Name} recorded at:{Environment.NewLine}{CallerFrames(trace)})"
        : $" (forward op {node.Op.Name}; open the scope before the forward pass to capture where it was recorded)";

    /// <summary>
    /// The trace from the first frame outside this library: how many library frames sit above the recording
    /// depends on what the JIT inlined at the time, so no fixed skip count finds the caller.
    /// </summary>
    private static System.Diagnostics.StackTrace CallerFrames(System.Diagnostics.StackTrace trace)
    {
        var library = typeof(Tensor).Assembly;
        var frames = trace.GetFrames();
        int first = 0;
        while (first < frames.Length && frames[first].GetMethod()?.DeclaringType?.Assembly == library) first++;
        return first == frames.Length ? trace : new System.Diagnostics.StackTrace(frames[first..]);
    }
}
