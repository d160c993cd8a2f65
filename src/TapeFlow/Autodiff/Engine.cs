using TapeFlow.Ops;

namespace TapeFlow.Autodiff;

/// <summary>
/// The one funnel every op result passes through: the NaN/Inf debug switch and recording on the
/// tapes (and forward accumulators) active on this thread. Kept lean: with nothing active it is a
/// couple of loads and branches.
/// </summary>
internal static class Engine
{
    /// <summary>
    /// Everything the funnel needs of this thread, behind one thread-static reference: each
    /// thread-static read costs a TLS lookup, and the funnel runs for every op.
    /// </summary>
    internal sealed class ThreadState
    {
        public List<GradientTape>? Tapes;
        public List<ForwardAccumulator>? Accumulators;
        public long EntryCounter;
        public OpObserver? Observer;

        /// <summary>A finished tape's emptied tables, for this thread's next tape (see <see cref="TapeStorage"/>).</summary>
        public HashSet<long>? SpareWatched;

        /// <inheritdoc cref="SpareWatched"/>
        public List<TapeNode>? SpareNodes;

        /// <summary>The reverse walk's tables between walks (see <see cref="Backprop"/>).</summary>
        public object? SpareWalkTables;
    }

    [ThreadStatic] private static ThreadState? state;

    /// <summary>
    /// Tapes, accumulators and observers active on any thread. While it is zero, the funnel skips the
    /// thread-static lookup altogether (a gradient's own ops run with the tape popped, for instance).
    /// </summary>
    private static int activeRecorders;

    /// <summary>This thread's state (created on first use).</summary>
    internal static ThreadState State => state ??= new ThreadState();

    private static volatile bool checkNumerics;

    /// <summary>Whether <c>Tf.Debugging.EnableCheckNumerics()</c> is on.</summary>
    public static bool CheckNumerics
    {
        get => checkNumerics;
        set => checkNumerics = value;
    }

    private static int anomalyScopes;
    private static int stackScopes;

    /// <summary>Whether a <c>Tf.Debugging.DetectAnomaly()</c> scope is open: the backward pass checks every gradient.</summary>
    public static bool DetectAnomaly => Volatile.Read(ref anomalyScopes) > 0;

    /// <summary>Whether tapes capture a creation stack trace for every recorded op (anomaly mode with stack traces).</summary>
    public static bool CaptureStacks => Volatile.Read(ref stackScopes) > 0;

    /// <summary>Opens (+1) or closes (-1) an anomaly-detection scope.</summary>
    public static void AdjustAnomaly(int delta, bool stacks)
    {
        Interlocked.Add(ref anomalyScopes, delta);
        if (stacks) Interlocked.Add(ref stackScopes, delta);
    }

    /// <summary>How many forward accumulators are active on this thread (for tests).</summary>
    public static int AccumulatorCount => state?.Accumulators?.Count ?? 0;

    /// <summary>This thread's identity for the engine: a tape may record only on the thread whose token it holds.</summary>
    public static ThreadState ThreadToken => State;

    /// <summary>
    /// Starts recording <paramref name="tape"/> on this thread (innermost) and returns its entry number, or
    /// null when this is not the thread of <paramref name="owner"/> (see <see cref="ThreadToken"/>).
    /// </summary>
    public static long? EnterTape(GradientTape tape, object owner)
    {
        var s = State;
        if (!ReferenceEquals(s, owner)) return null;
        (s.Tapes ??= []).Add(tape);
        Interlocked.Increment(ref activeRecorders);
        return ++s.EntryCounter;
    }

    /// <summary>Stops recording <paramref name="tape"/> on this thread.</summary>
    public static void ExitTape(GradientTape tape)
    {
        if (state?.Tapes?.Remove(tape) == true) Interlocked.Decrement(ref activeRecorders);
    }

    /// <summary>Starts computing JVPs with <paramref name="accumulator"/> on this thread.</summary>
    public static void EnterAccumulator(ForwardAccumulator accumulator)
    {
        (State.Accumulators ??= []).Add(accumulator);
        Interlocked.Increment(ref activeRecorders);
    }

    /// <summary>Stops computing JVPs with <paramref name="accumulator"/> on this thread.</summary>
    public static void ExitAccumulator(ForwardAccumulator accumulator)
    {
        if (state?.Accumulators?.Remove(accumulator) == true) Interlocked.Decrement(ref activeRecorders);
    }

    /// <summary>True when some tape records on this thread.</summary>
    public static bool AnyTape => Volatile.Read(ref activeRecorders) != 0 && state?.Tapes is { Count: > 0 };

    /// <summary>True when some forward accumulator is active on this thread.</summary>
    public static bool AnyAccumulator => Volatile.Read(ref activeRecorders) != 0 && state?.Accumulators is { Count: > 0 };

    /// <summary>A number that grows with every tape or accumulator entry on this thread: it orders outer before inner.</summary>
    public static long NextEntry() => ++State.EntryCounter;

    /// <summary>Hides this thread's tapes and accumulators until the scope ends, for kernels built from other ops.</summary>
    public static PauseScope Pause()
    {
        var s = State;
        var saved = new PauseScope(s.Tapes, s.Accumulators);
        s.Tapes = null;
        s.Accumulators = null;
        return saved;
    }

    /// <summary>
    /// Leaves visible only the tapes and accumulators entered before <paramref name="entry"/>: while an
    /// accumulator computes a JVP, outer recorders see the computation and inner ones do not (TF's strict nesting).
    /// </summary>
    public static PauseScope OnlyOuterThan(long entry)
    {
        var s = State;
        var saved = new PauseScope(s.Tapes, s.Accumulators);
        s.Tapes = s.Tapes?.FindAll(t => t.EntrySeq < entry);
        s.Accumulators = s.Accumulators?.FindAll(a => a.EntrySeq < entry);
        return saved;
    }

    /// <summary>The innermost <see cref="OpObserver"/> on this thread, or null (the common case: one load in the funnel).</summary>
    internal static OpObserver? Observer
    {
        get => state?.Observer;
        set
        {
            var s = State;
            if (s.Observer is null && value is not null) Interlocked.Increment(ref activeRecorders);
            else if (s.Observer is not null && value is null) Interlocked.Decrement(ref activeRecorders);
            s.Observer = value;
        }
    }

    /// <summary>Tells the observers that user code read the values of <paramref name="t"/> (ToArray, ToScalar, printing, Tf.Constant).</summary>
    public static void NoteRead(Tensor t) => state?.Observer?.NotifyRead(t);

    /// <summary>Tells the observers that a side effect happened (random numbers drawn, a variable assigned).</summary>
    public static void NoteSideEffect(string what) => state?.Observer?.NotifySideEffect(what);

    /// <summary>Restores the tapes and accumulators hidden by <see cref="Pause"/> or <see cref="OnlyOuterThan"/>.</summary>
    public readonly struct PauseScope(List<GradientTape>? tapes, List<ForwardAccumulator>? accumulators) : IDisposable
    {
        public void Dispose()
        {
            var s = State;
            s.Tapes = tapes;
            s.Accumulators = accumulators;
        }
    }

    public static Tensor Record(Op op, Tensor output, Tensor x)
    {
        if (Volatile.Read(ref activeRecorders) == 0)
        {
            if (checkNumerics) Numerics.Check(op, output);
            return output;
        }
        var s = state;
        if (s?.Observer is { } o) o.Notify(op, [x], output);
        if (checkNumerics) Numerics.Check(op, output);
        if (s is null) return output;
        if (s.Tapes is { Count: > 0 } tapes && op.IsDifferentiable && output.DType.IsFloating())
        {
            RecordOnTapes(tapes, op, [x], output);
        }
        if (s.Accumulators is { Count: > 0 } accumulators && op.IsDifferentiable && output.DType.IsFloating())
        {
            ForwardMode.Accumulate(accumulators, op, [x], output);
        }
        return output;
    }

    public static Tensor Record(Op op, Tensor output, Tensor a, Tensor b)
    {
        if (Volatile.Read(ref activeRecorders) == 0)
        {
            if (checkNumerics) Numerics.Check(op, output);
            return output;
        }
        var s = state;
        if (s?.Observer is { } o) o.Notify(op, [a, b], output);
        if (checkNumerics) Numerics.Check(op, output);
        if (s is null) return output;
        if (s.Tapes is { Count: > 0 } tapes && op.IsDifferentiable && output.DType.IsFloating())
        {
            RecordOnTapes(tapes, op, [a, b], output);
        }
        if (s.Accumulators is { Count: > 0 } accumulators && op.IsDifferentiable && output.DType.IsFloating())
        {
            ForwardMode.Accumulate(accumulators, op, [a, b], output);
        }
        return output;
    }

    public static Tensor Record(Op op, Tensor output, Tensor[] inputs)
    {
        if (Volatile.Read(ref activeRecorders) == 0)
        {
            if (checkNumerics) Numerics.Check(op, output);
            return output;
        }
        var s = state;
        if (s?.Observer is { } o) o.Notify(op, inputs, output);
        if (checkNumerics) Numerics.Check(op, output);
        if (s is null) return output;
        if (s.Tapes is { Count: > 0 } tapes && op.IsDifferentiable && output.DType.IsFloating())
        {
            RecordOnTapes(tapes, op, inputs, output);
        }
        if (s.Accumulators is { Count: > 0 } accumulators && op.IsDifferentiable && output.DType.IsFloating())
        {
            ForwardMode.Accumulate(accumulators, op, inputs, output);
        }
        return output;
    }

    private static void RecordOnTapes(List<GradientTape> tapes, Op op, Tensor[] inputs, Tensor output)
    {
        // Iterate over a fixed count: a tape may not be added or removed by recording itself.
        for (int t = 0; t < tapes.Count; t++)
        {
            var tape = tapes[t];
            ulong needed = 0;
            for (int k = 0; k < inputs.Length; k++)
            {
                var input = inputs[k];
                if (tape.IsWatched(input) || (input is Variable v && tape.OnVariableRead(v))) needed |= k < 64 ? 1UL << k : ulong.MaxValue;
            }
            if (needed != 0) tape.AddNode(op, inputs, output, needed);
        }
    }
}
