using TapeFlow.Autodiff;
using TapeFlow.Ops;

namespace TapeFlow;

/// <summary>
/// Records operations for reverse-mode automatic differentiation, as TensorFlow's
/// <c>tf.GradientTape</c>. Recording starts at construction and stops at <see cref="Dispose"/>
/// (the end of TF's <c>with</c> block); the tape stays usable for <see cref="Gradient(Tensor, Tensor, Tensor?, UnconnectedGradients)"/> afterwards.
/// Tapes are thread-local: a tape records only the ops run on the thread that created it.
/// </summary>
public sealed partial class GradientTape : IDisposable
{
    internal const string NonPersistentMessage =
        "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)";

    private HashSet<long> watched;
    private readonly List<Variable> watchedVariables = [];
    private List<TapeNode> nodes;
    private readonly Engine.ThreadState owner;
    private bool used;

    /// <summary>Creates a tape and starts recording on the current thread.</summary>
    /// <param name="persistent">Allow more than one gradient computation (TF's <c>persistent</c>).</param>
    /// <param name="watchAccessedVariables">Watch trainable variables automatically when an op reads them.</param>
    public GradientTape(bool persistent = false, bool watchAccessedVariables = true)
    {
        Persistent = persistent;
        WatchAccessedVariables = watchAccessedVariables;
        owner = Engine.ThreadToken;
        (watched, nodes) = TapeStorage.Take(owner);
        Push();
    }

    /// <summary>Whether more than one gradient may be computed.</summary>
    public bool Persistent { get; }

    /// <summary>Whether trainable variables read by ops are watched automatically.</summary>
    public bool WatchAccessedVariables { get; }

    /// <summary>Whether the tape is recording now (inside its scope and not paused).</summary>
    public bool IsRecording { get; private set; }

    internal int NodeCount => nodes.Count;

    /// <summary>When the tape last started recording, in this thread's entry order (see <see cref="Engine.NextEntry"/>).</summary>
    internal long EntrySeq { get; private set; }

    internal IReadOnlyList<TapeNode> Nodes => nodes;

    /// <summary>Makes the tape trace operations on <paramref name="tensor"/> (TF's <c>watch</c>).</summary>
    public void Watch(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (watched.Add(tensor.Id) && tensor is Variable v) watchedVariables.Add(v);
    }

    /// <summary>Watches each tensor of <paramref name="tensors"/>.</summary>
    public void Watch(IEnumerable<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors) Watch(t);
    }

    /// <summary>The variables this tape watches, in order of their creation (as TF).</summary>
    public IReadOnlyList<Variable> WatchedVariables()
    {
        var list = new List<Variable>(watchedVariables);
        list.Sort((a, b) => a.CreationId.CompareTo(b.CreationId));
        return list;
    }

    /// <summary>Pauses recording until the returned scope is disposed (TF's <c>stop_recording</c>).</summary>
    public IDisposable StopRecording()
    {
        if (!IsRecording)
        {
            throw new InvalidOperationException("Trying to stop recording a tape which is not recording.");
        }
        Pop();
        return new ResumeScope(this);
    }

    /// <summary>Forgets everything recorded and watched so far, as if the tape had just been created (TF's <c>reset</c>).</summary>
    public void Reset()
    {
        if (!IsRecording) throw new InvalidOperationException("Tape is not recording.");
        nodes = [];
        watched.Clear();
        watchedVariables.Clear();
        used = false;
    }

    /// <summary>Stops recording; the tape can still compute gradients.</summary>
    public void Dispose()
    {
        if (IsRecording) Pop();
    }

    internal bool IsWatched(Tensor t) => watched.Contains(t.Id);

    /// <summary>An op read <paramref name="v"/>, which this tape does not watch yet: watches it when the tape watches accessed variables; true if it did.</summary>
    internal bool OnVariableRead(Variable v)
    {
        if (!WatchAccessedVariables || !v.Trainable || !v.DType.IsFloating()) return false;
        Watch(v);
        return true;
    }

    /// <summary>Records <paramref name="op"/>; <paramref name="needed"/> has bit k set when this tape watches input k.</summary>
    internal void AddNode(Op op, Tensor[] inputs, Tensor output, ulong needed)
    {
        int[]? versions = null;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is Variable v)
            {
                versions ??= CreateVersions(inputs.Length);
                versions[i] = v.Version;
            }
        }
        var creation = Engine.CaptureStacks ? new System.Diagnostics.StackTrace(fNeedFileInfo: true) : null;
        var (keptInputs, keptOutput) = SavedTensors.Select(op, inputs, output, needed);
        nodes.Add(new TapeNode(op, keptInputs, keptOutput, versions, creation));
        watched.Add(output.Id);
    }

    private static int[] CreateVersions(int n)
    {
        var a = new int[n];
        Array.Fill(a, -1);
        return a;
    }

    private void Push()
    {
        EntrySeq = Engine.EnterTape(this, owner)
            ?? throw new InvalidOperationException("GradientTape: a tape records only on the thread that created it.");
        IsRecording = true;
    }

    private void Pop()
    {
        Engine.ExitTape(this);
        IsRecording = false;
    }

    /// <summary>Marks a gradient computation; the second on a non-persistent tape throws TF's error.</summary>
    private void BeginGradient()
    {
        if (used && !Persistent) throw new InvalidOperationException(NonPersistentMessage);
        used = true;
        // A non-persistent tape stops recording first, as TF pops it before computing.
        if (!Persistent && IsRecording) Pop();
    }

    private void EndGradient()
    {
        if (!Persistent)
        {
            // Frees what the recording held, as TF does; WatchedVariables() still answers. The
            // emptied tables go to the thread's next tape, which then starts at the right size.
            TapeStorage.Give(watched, nodes);
            (watched, nodes) = ([], []);
        }
    }

    private sealed class ResumeScope(GradientTape tape) : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            tape.Push();
        }
    }
}
