using TapeFlow.Memory;

namespace TapeFlow.Autodiff;

/// <summary>
/// The reverse walk over a tape's nodes: marks what depends on the sources, seeds the targets,
/// calls each op's gradient in reverse recording order, reduces broadcast gradients to the input's
/// shape (the one place that unbroadcasts) and accumulates with <c>+</c>. Every step runs through
/// ordinary ops, so any tape still recording records it: that is how higher orders come out.
/// When nothing records, the walk recycles the buffers of gradients it has consumed (<see cref="WalkArena"/>).
/// </summary>
internal static class Backprop
{
    public static Tensor?[] Run(
        List<TapeNode> nodes, Tensor[] targets, Tensor[] sources, Tensor?[]? outputGradients, UnconnectedGradients unconnected)
    {
        int count = nodes.Count; // the walk may record onto this very tape (persistent, in scope): fixed snapshot
        var thread = Engine.State;
        var scratch = Scratch.Take(thread, count);
        var dependsOnSource = scratch.DependsOnSource;
        var grads = scratch.Grads;
        // Per node: which inputs depend on a source (bit k for input k; inputs from 64 on all count), 0 = irrelevant node.
        var needMasks = scratch.Needed;
        WalkArena? arena = null;
        try
        {
            foreach (var s in sources)
            {
                if (s.DType.IsFloating()) dependsOnSource.Add(s.Id);
            }

            bool userCode = false, anyPooled = false;
            for (int i = 0; i < count; i++)
            {
                var node = nodes[i];
                var inputs = node.Inputs;
                ulong mask = 0;
                for (int k = 0; k < inputs.Length; k++)
                {
                    if (dependsOnSource.Contains(inputs[k].Id)) mask |= k < 64 ? 1UL << k : ulong.MaxValue;
                }
                if (mask == 0) continue;
                needMasks[i] = mask;
                dependsOnSource.Add(node.Output.Id);
                anyPooled |= node.Output.Size >= BufferPool.MinLength;
                userCode |= node.Op.GradientRunsUserCode;
            }

            // Recycling is safe only when no tape sees the tensors this walk makes.
            // And worth it only when some gradient is large enough to be pooled.
            if (anyPooled && !Engine.AnyTape && !Engine.AnyAccumulator && !userCode) arena = WalkArena.Begin();

            for (int j = 0; j < targets.Length; j++)
            {
                var target = targets[j];
                if (!dependsOnSource.Contains(target.Id)) continue;
                var seed = outputGradients?[j] ?? Tf.OnesLike(target);
                if (!seed.Shape.Equals(target.Shape) || seed.DType != target.DType)
                {
                    throw new ArgumentException(
                        $"Gradient: output gradient #{j} {seed.Describe()} does not match its target {target.Describe()}");
                }
                Accumulate(grads, target, seed, arena);
            }

            for (int i = count - 1; i >= 0; i--)
            {
                ulong needed = needMasks[i];
                if (needed == 0) continue;
                var node = nodes[i];
                if (!grads.TryGetValue(node.Output.Id, out var dy)) continue;
                CheckVersions(node);
                if (Engine.DetectAnomaly || node.Creation is not null) Anomaly.Step(node, dy, dependsOnSource, grads, needed, arena);
                else Step(node, dy, dependsOnSource, grads, needed, arena);
                // Each tensor is the output of one node, so its gradient is final and, unless asked for, done with.
                if (!IsSource(node.Output, sources))
                {
                    grads.Remove(node.Output.Id);
                    if (arena is not null)
                    {
                        arena.Release(dy);
                        arena.Sweep();
                    }
                }
            }
            arena?.End();
            arena = null;

            var result = new Tensor?[sources.Length];
            for (int s = 0; s < sources.Length; s++)
            {
                var source = sources[s];
                if (grads.TryGetValue(source.Id, out var g)) result[s] = g;
                else if (unconnected == UnconnectedGradients.Zero) result[s] = Tf.ZerosLike(source);
            }
            return result;
        }
        finally
        {
            arena?.Abandon();
            scratch.Return(thread);
        }
    }

    /// <summary>One node of the reverse walk: its op's gradient, reduced to each input's shape and accumulated.</summary>
    internal static void Step(
        TapeNode node, Tensor dy, HashSet<long> dependsOnSource, Dictionary<long, Tensor> grads, ulong needed, WalkArena? arena,
        Action<int, Tensor>? check = null)
    {
        Tensor?[] inputGrads;
        try
        {
            inputGrads = node.Op.Backward(dy, node.Inputs, node.Output, needed);
        }
        catch (InvalidCastException e) when (HasStandIn(node.Inputs, node.Output))
        {
            throw SavedTensors.NotKept(node.Op, node.Inputs, node.Output, e);
        }
        for (int k = 0; k < node.Inputs.Length; k++)
        {
            var input = node.Inputs[k];
            var g = inputGrads[k];
            if (g is null || !Needs(needed, k, input, dependsOnSource)) continue;
            if (!g.Shape.Equals(input.Shape)) g = Tf.SumTo(g, input.Shape);
            check?.Invoke(k, g);
            Accumulate(grads, input, g, arena);
        }
    }

    /// <summary>Whether the node holds a stand-in for any of its tensors (see <see cref="SavedTensors"/>).</summary>
    internal static bool HasStandIn(Tensor[] inputs, Tensor output)
    {
        foreach (var t in inputs)
        {
            if (SavedTensors.IsStandIn(t)) return true;
        }
        return SavedTensors.IsStandIn(output);
    }

    /// <summary>Whether input <paramref name="k"/> takes a gradient: its bit in the mask, or the set for inputs from 64 on.</summary>
    private static bool Needs(ulong needed, int k, Tensor input, HashSet<long> dependsOnSource) =>
        k < 64 ? (needed & (1UL << k)) != 0 : dependsOnSource.Contains(input.Id);

    private static bool IsSource(Tensor t, Tensor[] sources)
    {
        foreach (var s in sources)
        {
            if (s.Id == t.Id) return true;
        }
        return false;
    }

    private static void Accumulate(Dictionary<long, Tensor> grads, Tensor key, Tensor g, WalkArena? arena)
    {
        if (grads.TryGetValue(key.Id, out var existing))
        {
            var sum = Tf.Add(existing, g);
            grads[key.Id] = sum;
            arena?.Hold(sum);
            arena?.Release(existing);
        }
        else
        {
            grads[key.Id] = g;
            arena?.Hold(g);
        }
    }

    internal static void CheckVersions(TapeNode node)
    {
        if (node.VariableVersions is not { } versions) return;
        for (int k = 0; k < versions.Length; k++)
        {
            if (versions[k] >= 0 && node.Inputs[k] is Variable v && v.Version != versions[k])
            {
                throw new InvalidOperationException(
                    $"Gradient: variable '{v.Name}' {v.Describe()} was modified by an Assign after op {node.Op.Name} read it " +
                    $"(version {versions[k]} when recorded, {v.Version} now); the gradient would be wrong. " +
                    "Compute gradients before assigning, or record again.");
            }
        }
    }

    /// <summary>The walk's tables, kept per thread between walks so a walk allocates none (a nested walk gets its own).</summary>
    private sealed class Scratch
    {

        public readonly HashSet<long> DependsOnSource = [];
        public readonly Dictionary<long, Tensor> Grads = [];
        public ulong[] Needed = [];
        private int used;

        public static Scratch Take(Engine.ThreadState thread, int count)
        {
            var s = thread.SpareWalkTables as Scratch ?? new Scratch();
            thread.SpareWalkTables = null;
            if (s.Needed.Length < count) s.Needed = new ulong[Math.Max(count, 2 * s.Needed.Length)];
            s.used = count;
            return s;
        }

        public void Return(Engine.ThreadState thread)
        {
            DependsOnSource.Clear();
            Grads.Clear();
            Array.Clear(Needed, 0, used);
            thread.SpareWalkTables = this;
        }
    }
}
