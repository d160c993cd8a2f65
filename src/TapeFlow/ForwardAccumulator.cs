using System.Runtime.CompilerServices;
using TapeFlow.Autodiff;

namespace TapeFlow;

/// <summary>
/// Forward-mode automatic differentiation, as TensorFlow's <c>tf.autodiff.ForwardAccumulator</c>:
/// from construction to <see cref="Dispose"/> (TF's <c>with</c> block) every op whose input carries a
/// tangent computes its output's tangent, the Jacobian-vector product J·v. <see cref="Jvp"/> is a pure
/// lookup and works after <see cref="Dispose"/>. Accumulators apply in the order they were created
/// (outer first): an inner accumulator does not see an outer one's JVP computation, so take
/// higher-order JVPs from the outer one; a <see cref="GradientTape"/> created inside an accumulator
/// ignores its products, which gives forward-over-backward Hessian-vector products.
/// Tangents are held weakly by their primal, so intermediate results are not kept alive.
/// </summary>
public sealed class ForwardAccumulator : IDisposable
{
    private readonly ConditionalWeakTable<Tensor, Tensor> tangents = new();
    private readonly Thread owner;

    /// <summary>Watches one primal with its tangent and starts computing JVPs on the current thread.</summary>
    /// <param name="primal">The tensor or variable the tangent belongs to.</param>
    /// <param name="tangent">The vector v in J·v: the primal's shape and dtype.</param>
    public ForwardAccumulator(Tensor primal, Tensor tangent)
        : this([primal], [tangent])
    {
    }

    /// <summary>Watches each primal with its tangent and starts computing JVPs on the current thread.</summary>
    /// <param name="primals">The tensors or variables to watch; each at most once.</param>
    /// <param name="tangents">One tangent per primal, with its shape and dtype. A primal left out has a zero tangent.</param>
    public ForwardAccumulator(IEnumerable<Tensor> primals, IEnumerable<Tensor> tangents)
    {
        ArgumentNullException.ThrowIfNull(primals);
        ArgumentNullException.ThrowIfNull(tangents);
        var p = primals.ToArray();
        var t = tangents.ToArray();
        if (p.Length != t.Length)
        {
            throw new ArgumentException($"ForwardAccumulator: {p.Length} primals but {t.Length} tangents; give one tangent per primal.");
        }
        var seen = new HashSet<Tensor>(Autodiff.TensorIdentity.Instance);
        for (int i = 0; i < p.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(p[i], $"primals[{i}]");
            ArgumentNullException.ThrowIfNull(t[i], $"tangents[{i}]");
            if (!seen.Add(p[i]))
            {
                throw new ArgumentException(
                    $"Tensor {p[i]} was specified as a primal multiple times. This may indicate an error. If it was intended, please sum the corresponding tangents.");
            }
            Check(i, p[i], t[i]);
        }
        for (int i = 0; i < p.Length; i++)
        {
            if (!p[i].DType.IsFloating())
            {
                Console.Error.WriteLine($"WARNING: The dtype of the watched primal must be floating (e.g. tf.float32), got tf.{p[i].DType.Name()}");
            }
            // A variable's buffer changes under Assign; the tangent must not.
            var tangent = t[i] is Variable v ? v.Snapshot() : t[i];
            this.tangents.AddOrUpdate(p[i], tangent);
        }
        owner = Thread.CurrentThread;
        EntrySeq = Engine.NextEntry();
        Engine.EnterAccumulator(this);
        IsRecording = true;
    }

    /// <summary>Whether new JVPs are being computed (between construction and <see cref="Dispose"/>).</summary>
    public bool IsRecording { get; private set; }

    /// <summary>When the accumulator started, in this thread's entry order.</summary>
    internal long EntrySeq { get; }

    /// <summary>
    /// The JVP computed for <paramref name="target"/> (a pure lookup, no computation); <c>null</c> when
    /// none was computed (zeros shaped like the target with <see cref="UnconnectedGradients.Zero"/>).
    /// </summary>
    /// <param name="target">A watched primal or a tensor computed from one while the accumulator was active.</param>
    /// <param name="unconnectedGradients">What to return when the target has no JVP.</param>
    public Tensor? Jvp(Tensor target, UnconnectedGradients unconnectedGradients = UnconnectedGradients.None)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (tangents.TryGetValue(target, out var t)) return t;
        return unconnectedGradients == UnconnectedGradients.Zero ? Tf.ZerosLike(target) : null;
    }

    /// <summary>Stops computing JVPs; <see cref="Jvp"/> still returns those computed so far.</summary>
    public void Dispose()
    {
        if (!IsRecording) return;
        if (Thread.CurrentThread != owner)
        {
            throw new InvalidOperationException("ForwardAccumulator: an accumulator must be disposed on the thread that created it.");
        }
        Engine.ExitAccumulator(this);
        IsRecording = false;
    }

    internal bool TryGetTangent(Tensor primal, out Tensor tangent) => tangents.TryGetValue(primal, out tangent!);

    internal void SetTangent(Tensor primal, Tensor tangent) => tangents.AddOrUpdate(primal, tangent);

    private static void Check(int i, Tensor primal, Tensor tangent)
    {
        if (tangent.DType != primal.DType)
        {
            throw new ArgumentException(
                $"ForwardAccumulator: the tangent for primal #{i} is {tangent.Describe()} but the primal is {primal.Describe()}; a tangent must have its primal's dtype (use Tf.Cast).");
        }
        if (!tangent.Shape.Equals(primal.Shape))
        {
            throw new ArgumentException(
                $"ForwardAccumulator: the tangent for primal #{i} has shape {tangent.Shape} but the primal has shape {primal.Shape} ({primal.Describe()}); a tangent must have its primal's shape.");
        }
    }
}
