using System.Numerics;
using TapeFlow.Keras.Optimizers.Schedules;

namespace TapeFlow.Keras.Optimizers;

/// <summary>
/// The base of Keras's optimizers (Keras 2.11+ semantics): skips <c>null</c> gradients with TF's warning, clips
/// gradients (<c>clipnorm</c>, <c>clipvalue</c> or <c>global_clipnorm</c>), applies decoupled weight decay
/// (<c>w -= w · weight_decay · lr</c>), then each optimizer's update in place on the variable; keeps per-variable
/// slots and counts <see cref="Iterations"/>. The learning rate may be a <see cref="LearningRateSchedule"/>
/// evaluated at <see cref="Iterations"/> before each step.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Variable, Dictionary<string, Tensor>> slots = new(ReferenceEqualityComparer.Instance);
    private double learningRate;

    /// <summary>Creates an optimizer with a constant learning rate and the common options.</summary>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="weightDecay">Decoupled weight decay factor, or null for none.</param>
    /// <param name="clipnorm">Each gradient is scaled so that its L2 norm is at most this.</param>
    /// <param name="clipvalue">Each gradient is clipped element-wise to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">All gradients are scaled together so that their global L2 norm is at most this.</param>
    protected Optimizer(double learningRate, double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
    {
        if (!(learningRate >= 0)) throw new ArgumentException($"{GetType().Name}: learningRate must be >= 0, got {learningRate}");
        this.learningRate = learningRate;
        (WeightDecay, Clipnorm, Clipvalue, GlobalClipnorm) = CheckOptions(weightDecay, clipnorm, clipvalue, globalClipnorm);
    }

    /// <summary>Creates an optimizer whose learning rate follows <paramref name="schedule"/>.</summary>
    /// <param name="schedule">The learning rate as a function of <see cref="Iterations"/>.</param>
    /// <param name="weightDecay">Decoupled weight decay factor, or null for none.</param>
    /// <param name="clipnorm">Per-gradient norm limit.</param>
    /// <param name="clipvalue">Per-element value limit.</param>
    /// <param name="globalClipnorm">Global norm limit.</param>
    protected Optimizer(LearningRateSchedule schedule, double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        (WeightDecay, Clipnorm, Clipvalue, GlobalClipnorm) = CheckOptions(weightDecay, clipnorm, clipvalue, globalClipnorm);
    }

    /// <summary>
    /// The current learning rate: the schedule's value at <see cref="Iterations"/> when there is one. Setting it
    /// replaces any schedule with a constant (as assigning <c>optimizer.learning_rate</c> in Keras).
    /// </summary>
    public double LearningRate
    {
        get => Schedule is { } s ? s.Call(Iterations) : learningRate;
        set
        {
            if (!(value >= 0)) throw new ArgumentException($"{GetType().Name}: learningRate must be >= 0, got {value}");
            Schedule = null;
            learningRate = value;
        }
    }

    /// <summary>The learning-rate schedule, or null when the rate is constant.</summary>
    public LearningRateSchedule? Schedule { get; private set; }

    /// <summary>Decoupled weight decay factor, or null.</summary>
    public double? WeightDecay { get; }

    /// <summary>Per-gradient L2 norm limit, or null.</summary>
    public double? Clipnorm { get; }

    /// <summary>Per-element absolute value limit, or null.</summary>
    public double? Clipvalue { get; }

    /// <summary>Global L2 norm limit over all gradients of a step, or null.</summary>
    public double? GlobalClipnorm { get; }

    /// <summary>How many update steps have run (Keras's <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; internal set; }

    /// <summary>Applies one update step; <c>null</c> gradients are skipped with TF's warning.</summary>
    /// <param name="gradsAndVars">Pairs of gradient and variable, as <c>grads.Zip(vars)</c> gives them.</param>
    public void ApplyGradients(IEnumerable<(Tensor? Gradient, Variable Variable)> gradsAndVars)
    {
        ArgumentNullException.ThrowIfNull(gradsAndVars);
        // One pass, no LINQ: this runs every training step (SPEC item 20 is two scalars for 10k steps).
        var live = liveScratch;
        live.Clear();
        List<string>? missing = null;
        foreach (var (g, v) in gradsAndVars)
        {
            if (g is null)
            {
                (missing ??= []).Add(v.Name);
                continue;
            }
            if (!g.Shape.Equals(v.Shape) || g.DType != v.DType)
            {
                throw new ArgumentException($"{GetType().Name}: gradient {g.Describe()} does not match variable '{v.Name}' {v.Describe()}");
            }
            if (!v.DType.IsFloating()) throw new ArgumentException($"{GetType().Name}: variable '{v.Name}' {v.Describe()} is not floating");
            live.Add((g, v));
        }
        if (live.Count == 0) throw new ArgumentException("No gradients provided for any variable.");
        if (missing is not null)
        {
            Console.Error.WriteLine(
                $"WARNING: Gradients do not exist for variables [{string.Join(", ", missing.Select(n => $"'{n}'"))}] when minimizing the loss. " +
                "If using `model.compile()`, did you forget to provide a `loss` argument?");
        }
        List<Tensor>? clipped = Clipnorm is null && Clipvalue is null && GlobalClipnorm is null ? null : Clip(live.Select(p => p.Gradient).ToList());
        double lr = LearningRate;
        if (clipped is not null)
        {
            for (int i = 0; i < live.Count; i++) live[i] = (clipped[i], live[i].Variable);
        }
        if (WeightDecay is { } wd && wd != 0)
        {
            for (int i = 0; i < live.Count; i++)
            {
                Decay(live[i].Variable, wd * lr);
                Update(live[i].Variable, live[i].Gradient, lr);
            }
        }
        else
        {
            UpdateAll(live, lr);
        }
        for (int i = 0; i < live.Count; i++) live[i].Variable.MarkWritten();
        live.Clear();
        Iterations++;
    }

    /// <summary>
    /// Updates <paramref name="variable"/> in place from <paramref name="gradient"/> (same shape and dtype, already clipped)
    /// with <paramref name="learningRate"/>; the step being taken is <see cref="Iterations"/> + 1.
    /// </summary>
    protected abstract void Update(Variable variable, Tensor gradient, double learningRate);

    /// <summary>
    /// <see cref="Update"/> for each pair in turn (without weight decay, which runs per variable before its update). An
    /// optimizer whose update can run over all the variables of a step at once overrides this.
    /// </summary>
    private protected virtual void UpdateAll(List<(Tensor Gradient, Variable Variable)> live, double learningRate)
    {
        for (int i = 0; i < live.Count; i++) Update(live[i].Variable, live[i].Gradient, learningRate);
    }

    /// <summary>The slot <paramref name="name"/> of a variable, created filled with <paramref name="initial"/> when first asked.</summary>
    protected Tensor Slot(Variable variable, string name, double initial = 0)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!slots.TryGetValue(variable, out var table)) slots[variable] = table = [];
        if (!table.TryGetValue(name, out var slot))
        {
            slot = Tf.Fill(variable.Shape.Dims, initial, variable.DType);
            table[name] = slot;
        }
        return slot;
    }

    /// <summary>A copy of the slot <paramref name="name"/> of <paramref name="variable"/> (TF's <c>get_slot</c>), or null when it has none yet.</summary>
    public Tensor? GetSlot(Variable variable, string name) =>
        slots.TryGetValue(variable, out var table) && table.TryGetValue(name, out var slot) ? Tf.Constant(slot) : null;

    /// <summary>The names of the slots created so far for <paramref name="variable"/>.</summary>
    public IReadOnlyList<string> GetSlotNames(Variable variable) =>
        slots.TryGetValue(variable, out var table) ? [.. table.Keys] : [];

    /// <summary>Replaces (or creates) a slot's value, as a checkpoint restore does.</summary>
    internal void SetSlot(Variable variable, string name, Tensor value)
    {
        if (!value.Shape.Equals(variable.Shape) || value.DType != variable.DType)
        {
            throw new ArgumentException($"{GetType().Name}: slot '{name}' of '{variable.Name}' must be {variable.Describe()}, got {value.Describe()}");
        }
        if (!slots.TryGetValue(variable, out var table)) slots[variable] = table = [];
        table[name] = Tf.Constant(value);
    }

    private static (double?, double?, double?, double?) CheckOptions(double? weightDecay, double? clipnorm, double? clipvalue, double? globalClipnorm)
    {
        int set = (clipnorm is null ? 0 : 1) + (clipvalue is null ? 0 : 1) + (globalClipnorm is null ? 0 : 1);
        if (set > 1)
        {
            throw new ArgumentException(
                "At most one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. " +
                $"Received: clipnorm={clipnorm?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"}, " +
                $"clipvalue={clipvalue?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"}, " +
                $"global_clipnorm={globalClipnorm?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"}.");
        }
        if (clipnorm is { } cn && !(cn > 0)) throw new ArgumentException($"clipnorm must be a positive number, got {cn}");
        if (clipvalue is { } cv && !(cv > 0)) throw new ArgumentException($"clipvalue must be a positive number, got {cv}");
        if (globalClipnorm is { } gn && !(gn > 0)) throw new ArgumentException($"global_clipnorm must be a positive number, got {gn}");
        if (weightDecay is { } wd && !(wd >= 0)) throw new ArgumentException($"weight_decay must be a non-negative number, got {wd}");
        return (weightDecay, clipnorm, clipvalue, globalClipnorm);
    }

    /// <summary>The (gradient, variable) pairs of the step being applied; reused between steps.</summary>
    private readonly List<(Tensor Gradient, Variable Variable)> liveScratch = [];

    private List<Tensor> Clip(List<Tensor> grads)
    {
        if (Clipnorm is { } cn)
        {
            return grads.Select(g => Scale(g, cn / Math.Max(Math.Sqrt(SumOfSquares(g)), cn))).ToList();
        }
        if (Clipvalue is { } cv) return grads.Select(g => ClipValue(g, cv)).ToList();
        if (GlobalClipnorm is { } gn)
        {
            double global = Math.Sqrt(grads.Sum(SumOfSquares));
            double scale = gn / Math.Max(global, gn);
            return grads.Select(g => Scale(g, scale)).ToList();
        }
        return grads;
    }

    private static double SumOfSquares(Tensor g)
    {
        double s = 0;
        if (g.DType == DType.Float32) foreach (var x in g.Data<float>()) s += (double)x * x;
        else foreach (var x in g.Data<double>()) s += x * x;
        return s;
    }

    private static Tensor Scale(Tensor g, double scale)
    {
        if (scale == 1) return g;
        return g.DType == DType.Float32 ? Map<float>(g, x => x * (float)scale) : Map<double>(g, x => x * scale);
    }

    private static Tensor ClipValue(Tensor g, double limit) =>
        g.DType == DType.Float32
            ? Map<float>(g, x => Math.Clamp(x, -(float)limit, (float)limit))
            : Map<double>(g, x => Math.Clamp(x, -limit, limit));

    private static Tensor Map<T>(Tensor g, Func<T, T> f)
    {
        var src = g.Data<T>();
        var dst = new T[src.Length];
        for (int i = 0; i < dst.Length; i++) dst[i] = f(src[i]);
        return Tensor.FromArray(dst, g.Shape);
    }

    private static void Decay(Variable v, double factor)
    {
        if (v.DType == DType.Float32) DecayCore(v.Data<float>(), (float)factor);
        else DecayCore(v.Data<double>(), factor);
    }

    private static void DecayCore<T>(T[] w, T factor) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < w.Length; i++) w[i] -= w[i] * factor;
    }

    /// <summary>Checks a hyper-parameter in [0, 1) (or [0, 1] with <paramref name="allowOne"/>), naming the optimizer and the parameter.</summary>
    private protected static double Unit(string optimizer, string name, double value, bool allowOne = false)
    {
        bool ok = value >= 0 && (allowOne ? value <= 1 : value < 1);
        return ok ? value : throw new ArgumentException($"{optimizer}: {name} must be in [0, 1{(allowOne ? "]" : ")")}, got {value}");
    }

    /// <summary>Checks a hyper-parameter that must be >= 0, naming the optimizer and the parameter.</summary>
    private protected static double NonNegative(string optimizer, string name, double value) =>
        value >= 0 ? value : throw new ArgumentException($"{optimizer}: {name} must be >= 0, got {value}");

    /// <summary>A hyperparameter in the variable's float type (Keras casts them to the variable's dtype).</summary>
    protected static T Cast<T>(double value) where T : IFloatingPointIeee754<T> => T.CreateTruncating(value);

    /// <summary>Every (variable, slot name, slot) held, for checkpoints.</summary>
    internal IEnumerable<(Variable Variable, string Name, Tensor Slot)> AllSlots() =>
        slots.SelectMany(kv => kv.Value.Select(s => (kv.Key, s.Key, s.Value)));
}

/// <summary>Keras's optimizer names.</summary>
public static class OptimizerNames
{
    /// <summary>
    /// A fresh optimizer with Keras's defaults for <paramref name="name"/>: <c>sgd</c>, <c>adam</c>, <c>adamw</c>,
    /// <c>rmsprop</c>, <c>adagrad</c> (case-insensitive, as Keras's <c>optimizers.get</c>).
    /// </summary>
    public static Optimizer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "SGD" => new SGD(),
            "ADAM" => new Adam(),
            "ADAMW" => new AdamW(),
            "RMSPROP" => new RMSprop(),
            "ADAGRAD" => new Adagrad(),
            _ => throw new ArgumentException($"Could not interpret optimizer identifier: {name}. Known: sgd, adam, adamw, rmsprop, adagrad."),
        };
    }
}
