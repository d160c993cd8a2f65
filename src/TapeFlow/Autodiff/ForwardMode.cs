using TapeFlow.Ops;

namespace TapeFlow.Autodiff;

/// <summary>
/// Forward-mode propagation: the funnel calls <see cref="Accumulate"/> for every differentiable op
/// while accumulators are active, and <see cref="Sweep"/> replays a tape's nodes with a batch of
/// tangents (the vectorised Jacobian). Each JVP is computed with ordinary ops, so outer tapes and
/// accumulators record it and higher orders come out.
/// </summary>
internal static class ForwardMode
{
    /// <summary>Computes the output's tangent for each active accumulator whose tangents reach an input, in entry order.</summary>
    public static void Accumulate(List<ForwardAccumulator> accumulators, Op op, Tensor[] inputs, Tensor output)
    {
        // A JVP computation may run user code (custom gradients): iterate over a snapshot.
        var snapshot = accumulators.Count == 1 ? [accumulators[0]] : accumulators.ToArray();
        foreach (var acc in snapshot)
        {
            Tensor?[]? tangents = null;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (acc.TryGetTangent(inputs[i], out var t))
                {
                    tangents ??= new Tensor?[inputs.Length];
                    tangents[i] = t;
                }
            }
            if (tangents is null) continue;
            Tensor? jvp;
            using (Engine.OnlyOuterThan(acc.EntrySeq)) jvp = Tangent(op, inputs, output, tangents, 0);
            if (jvp is not null) acc.SetTangent(output, jvp);
        }
    }

    /// <summary>
    /// One op's JVP with tangents carrying <paramref name="batchRank"/> leading batch axes, conformed to
    /// the output's shape (batch axes first) and dtype; <c>null</c> when no tangent reaches the output.
    /// </summary>
    public static Tensor? Tangent(Op op, Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank)
    {
        var jvp = op.Jvp(inputs, output, tangents, batchRank);
        if (jvp is null) return null;
        if (jvp.DType != output.DType)
        {
            throw new InvalidOperationException($"{op.Name}: its JVP rule returned {jvp.Describe()} for an output {output.Describe()}.");
        }
        var lead = FirstLead(tangents, batchRank);
        var want = new Shape([.. lead, .. output.Shape.D]);
        return jvp.Shape.Equals(want) ? jvp : Tf.BroadcastTo(Tangents.Align(jvp, batchRank, output.Rank), want);
    }

    /// <summary>
    /// Replays the tape's nodes forward from <paramref name="source"/> whose tangent is the batch
    /// <paramref name="basis"/> (shape <c>[B] + source.shape</c>); returns the target's batch of tangents,
    /// or <c>null</c> when the target does not depend on the source.
    /// </summary>
    public static Tensor? Sweep(IReadOnlyList<TapeNode> nodes, int count, Tensor target, Tensor source, Tensor basis)
    {
        var tangents = new Dictionary<Tensor, Tensor>(TensorIdentity.Instance) { [source] = basis };
        for (int i = 0; i < count; i++)
        {
            var node = nodes[i];
            Tensor?[]? ts = null;
            for (int k = 0; k < node.Inputs.Length; k++)
            {
                if (tangents.TryGetValue(node.Inputs[k], out var t))
                {
                    ts ??= new Tensor?[node.Inputs.Length];
                    ts[k] = t;
                }
            }
            if (ts is null) continue;
            Backprop.CheckVersions(node);
            Tensor? jvp;
            try
            {
                jvp = Tangent(node.Op, node.Inputs, node.Output, ts, 1);
            }
            catch (InvalidCastException e) when (Backprop.HasStandIn(node.Inputs, node.Output))
            {
                throw SavedTensors.NotKept(node.Op, node.Inputs, node.Output, e);
            }
            if (jvp is not null) tangents[node.Output] = jvp;
        }
        return tangents.GetValueOrDefault(target);
    }

    private static int[] FirstLead(Tensor?[] tangents, int batchRank)
    {
        foreach (var t in tangents)
        {
            if (t is not null) return t.Shape.D[..batchRank];
        }
        return [];
    }
}
