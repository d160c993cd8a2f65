using TapeFlow.Ops;

namespace TapeFlow.Autodiff;

/// <summary>
/// The vectorising half of <c>Tf.VectorizedMap</c>: traces f once on the first element (every op the
/// funnel runs, recorded or not), then replays the traced ops on the whole batch with each op's batch
/// rule (axes shifted past the batch axis, ranks aligned so broadcasting never mixes the batch axis in).
/// It refuses, and the caller loops instead, unless it can prove the replay equals f on every element:
/// f must not read the values of anything computed from its input (no data-dependent C# control flow),
/// must have no side effects while traced (random numbers, variable assignment), and every op that
/// touches the input must have a batch rule. Shapes are the same for every element, so shape-dependent
/// code is safe. Ops that do not touch the input are computed once, as in the trace.
/// </summary>
internal static class Vectorizer
{
    /// <summary>f mapped over axis 0 of <paramref name="elems"/> by one replay, or <c>null</c> when that cannot be proved equal to the loop.</summary>
    public static Tensor? TryMap(Func<Tensor, Tensor> f, Tensor elems)
    {
        int n = elems.Shape[0];
        // The first element as a fresh, unrecorded tensor: the trace itself records nothing derived from it.
        var first = FirstElement(elems);
        Tensor result;
        var tracer = new Tracer(first);
        try
        {
            result = f(first) ?? throw new ArgumentException("VectorizedMap: the function returned null; it must return a tensor.");
        }
        finally
        {
            tracer.Dispose();
        }
        if (!tracer.Provable) return null;
        var replayed = new Dictionary<Tensor, Tensor>(TensorIdentity.Instance) { [first] = elems };
        foreach (var (op, inputs, output) in tracer.Nodes)
        {
            var batched = inputs.Select(i => replayed.ContainsKey(i)).ToArray();
            var args = inputs.Select(i => replayed.GetValueOrDefault(i) ?? i).ToArray();
            var y = Batched(op, args, batched, inputs, output, n);
            if (y is null || !y.Shape.Equals(new Shape([n, .. output.Shape.D])) || y.DType != output.DType) return null;
            replayed[output] = y;
        }
        if (replayed.TryGetValue(result, out var mapped)) return ReferenceEquals(mapped, elems) ? Tf.Identity(elems) : mapped;
        // The result does not depend on the element: the same value for each one.
        return Tf.BroadcastTo(Tf.ExpandDims(result, 0), new Shape([n, .. result.Shape.D]));
    }

    private static Tensor FirstElement(Tensor elems)
    {
        Tensor slice;
        using (Engine.Pause()) slice = Tf.Reshape(Tf.Slice(elems, new int[elems.Rank], [1, .. elems.Shape.D[1..]]), elems.Shape.D[1..]);
        return new Tensor((Array)slice.Buffer.Clone(), slice.Shape, slice.DType);
    }

    /// <summary>One traced op applied to the batch; batched arguments are shaped [n] + their traced shape.</summary>
    private static Tensor? Batched(Op op, Tensor[] args, bool[] batched, Tensor[] traced, Tensor output, int n)
    {
        int rank = output.Rank;
        Tensor A(int i) => batched[i] ? Tangents.Align(args[i], 1, rank) : args[i];
        return op switch
        {
            UnaryOp u => u.Call(args[0]),
            Add => Tf.Add(A(0), A(1)),
            Sub => Tf.Subtract(A(0), A(1)),
            Mul => Tf.Multiply(A(0), A(1)),
            RealDiv => Tf.Divide(A(0), A(1)),
            Maximum => Tf.Maximum(A(0), A(1)),
            Minimum => Tf.Minimum(A(0), A(1)),
            Pow => Tf.Pow(A(0), A(1)),
            Equal => Tf.Equal(A(0), A(1)),
            NotEqual => Tf.NotEqual(A(0), A(1)),
            Less => Tf.Less(A(0), A(1)),
            LessEqual => Tf.LessEqual(A(0), A(1)),
            Greater => Tf.Greater(A(0), A(1)),
            GreaterEqual => Tf.GreaterEqual(A(0), A(1)),
            Select => Tf.Where(A(0), A(1), A(2)),
            Cast => Tf.Cast(args[0], output.DType),
            Softmax => Registry.Softmax.Call(args[0]),
            LogSoftmax => Registry.LogSoftmax.Call(args[0]),
            Identity => Tf.Identity(args[0]),
            StopGradient => Tf.StopGradient(args[0]),
            Reshape => Tf.Reshape(args[0], [n, .. output.Shape.D]),
            Transpose t => Tf.Transpose(args[0], [0, .. Tangents.Shift(t.Perm, 1)]),
            BroadcastTo => Tf.BroadcastTo(A(0), new Shape([n, .. output.Shape.D])),
            Sum s => Registry.Sum(args[0], Tangents.Shift(s.Axes, 1), s.KeepDims),
            Max s => Registry.Max(args[0], Tangents.Shift(s.Axes, 1), s.KeepDims),
            Min s => Registry.Min(args[0], Tangents.Shift(s.Axes, 1), s.KeepDims),
            Prod s => Registry.Prod(args[0], Tangents.Shift(s.Axes, 1), s.KeepDims),
            Slice s => Tf.Slice(args[0], [0, .. s.Begin], [n, .. output.Shape.D]),
            Pad p => Tf.Pad(args[0], Shifted(p.Paddings)),
            MatMul m => Tf.MatMul(A(0), A(1), m.TransposeA, m.TransposeB),
            BiasAdd => Tf.Add(A(0), A(1)),
            FusedMatMul f => Dense(f, A(0), A(1), args.Length == 3 ? A(2) : null),
            Concat c => Tf.Concat(args.Select((a, i) => batched[i] ? a : Tf.BroadcastTo(Tf.ExpandDims(a, 0), new Shape([n, .. a.Shape.D]))), c.ResolvedAxis + 1),
            Gather g when !batched[1] => Tf.Gather(args[0], args[1], g.ResolvedAxis + 1),
            OneHot when batched[0] => Tf.OneHot(args[0], output.Shape[-1], output.DType),
            Ops.SumTo => SumToBatched(args[0], traced[0], output, n),
            _ => null,
        };
    }

    /// <summary>A fused dense layer replayed as its three ops (the same bits): a batched product, the bias, the ReLU.</summary>
    private static Tensor Dense(FusedMatMul f, Tensor a, Tensor b, Tensor? bias)
    {
        var y = Tf.MatMul(a, b);
        if (bias is not null) y = Tf.Add(y, bias);
        return f.Relu ? Tf.Nn.Relu(y) : y;
    }

    private static Tensor SumToBatched(Tensor x, Tensor traced, Tensor output, int n)
    {
        var ones = Enumerable.Repeat(1, traced.Rank - output.Rank);
        return Tf.Reshape(Tf.SumTo(x, new Shape([n, .. ones, .. output.Shape.D])), [n, .. output.Shape.D]);
    }

    private static int[,] Shifted(int[,] paddings)
    {
        var p = new int[paddings.GetLength(0) + 1, 2];
        for (int i = 0; i < paddings.GetLength(0); i++)
        {
            p[i + 1, 0] = paddings[i, 0];
            p[i + 1, 1] = paddings[i, 1];
        }
        return p;
    }

    /// <summary>Records the ops that depend on the traced element, and whatever would make the replay unsound.</summary>
    private sealed class Tracer(Tensor input) : OpObserver
    {
        private readonly HashSet<Tensor> derived = new(TensorIdentity.Instance) { input };

        public List<(Op Op, Tensor[] Inputs, Tensor Output)> Nodes { get; } = [];

        public bool Provable { get; private set; } = true;

        protected override void OnOp(Op op, Tensor[] inputs, Tensor output)
        {
            if (!inputs.Any(derived.Contains)) return;
            derived.Add(output);
            Nodes.Add((op, inputs, output));
        }

        protected override void OnRead(Tensor t)
        {
            if (derived.Contains(t)) Provable = false;
        }

        protected override void OnSideEffect(string what) => Provable = false;
    }
}
