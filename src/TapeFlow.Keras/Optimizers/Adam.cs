using TapeFlow.Keras.Optimizers.Schedules;

namespace TapeFlow.Keras.Optimizers;

/// <summary>
/// Adam (Keras's formula), at step t = iterations + 1: <c>m = β₁m + (1-β₁)g</c>, <c>v = β₂v + (1-β₂)g²</c>,
/// <c>w -= lr·√(1-β₂ᵗ)/(1-β₁ᵗ) · m / (√v + ε)</c>; with AMSGrad the running maximum of v is used.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer with Keras's defaults.</summary>
    /// <param name="learningRate">Step size.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="amsgrad">Use the AMSGrad variant.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null.</param>
    /// <param name="clipnorm">Per-gradient norm limit, or null.</param>
    /// <param name="clipvalue">Per-element value limit, or null.</param>
    /// <param name="globalClipnorm">Global norm limit, or null.</param>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
        : base(learningRate, weightDecay, clipnorm, clipvalue, globalClipnorm)
    {
        (Beta1, Beta2, Epsilon, Amsgrad) = Check(beta1, beta2, epsilon, amsgrad);
    }

    /// <summary>Creates the optimizer with a learning-rate schedule.</summary>
    /// <param name="learningRate">The schedule.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="amsgrad">Use the AMSGrad variant.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null.</param>
    /// <param name="clipnorm">Per-gradient norm limit, or null.</param>
    /// <param name="clipvalue">Per-element value limit, or null.</param>
    /// <param name="globalClipnorm">Global norm limit, or null.</param>
    public Adam(LearningRateSchedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
        : base(learningRate, weightDecay, clipnorm, clipvalue, globalClipnorm)
    {
        (Beta1, Beta2, Epsilon, Amsgrad) = Check(beta1, beta2, epsilon, amsgrad);
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>Whether AMSGrad is used.</summary>
    public bool Amsgrad { get; }

    private static (double, double, double, bool) Check(double beta1, double beta2, double epsilon, bool amsgrad)
    {
        return (Unit("Adam", "beta1", beta1), Unit("Adam", "beta2", beta2), NonNegative("Adam", "epsilon", epsilon), amsgrad);
    }

    /// <inheritdoc/>
    protected override void Update(Variable variable, Tensor gradient, double learningRate)
    {
        long t = Iterations + 1;
        if (variable.DType == DType.Float32)
        {
            Step(variable.Data<float>(), gradient.Data<float>(), Slot(variable, "m").Data<float>(), Slot(variable, "v").Data<float>(),
                Amsgrad ? Slot(variable, "vhat").Data<float>() : null, learningRate, t);
        }
        else
        {
            Step(variable.Data<double>(), gradient.Data<double>(), Slot(variable, "m").Data<double>(), Slot(variable, "v").Data<double>(),
                Amsgrad ? Slot(variable, "vhat").Data<double>() : null, learningRate, t);
        }
    }

    /// <summary>
    /// All variables of a step in one multi-variable pass (<c>Kernels.AdamMany</c>, PyTorch's "foreach" Adam) when they
    /// share a dtype and none repeats; the bits are those of one <see cref="Update"/> per variable.
    /// </summary>
    private protected override void UpdateAll(List<(Tensor Gradient, Variable Variable)> live, double learningRate)
    {
        if (live.Count < 2 || !Distinct(live)) base.UpdateAll(live, learningRate);
        else if (live.TrueForAll(p => p.Variable.DType == DType.Float32)) Many<float>(live, floats ??= [], learningRate);
        else if (live.TrueForAll(p => p.Variable.DType == DType.Float64)) Many<double>(live, doubles ??= [], learningRate);
        else base.UpdateAll(live, learningRate);
    }

    private List<Kernels.AdamBuffers<float>>? floats;
    private List<Kernels.AdamBuffers<double>>? doubles;

    private void Many<T>(List<(Tensor Gradient, Variable Variable)> live, List<Kernels.AdamBuffers<T>> buffers, double learningRate)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        try
        {
            foreach (var (g, v) in live)
            {
                buffers.Add(new(v.Data<T>(), g.Data<T>(), Slot(v, "m").Data<T>(), Slot(v, "v").Data<T>(), Amsgrad ? Slot(v, "vhat").Data<T>() : null));
            }
            var (alpha, b1, b2, eps) = Coefficients<T>(learningRate, Iterations + 1);
            Kernels.AdamMany<T>.Step(buffers, alpha, b1, b2, eps);
        }
        finally
        {
            buffers.Clear();
        }
    }

    /// <summary>Whether no variable appears twice (a repeated one is updated twice, in order, one by one).</summary>
    private static bool Distinct(List<(Tensor Gradient, Variable Variable)> live)
    {
        for (int i = 1; i < live.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(live[i].Variable, live[j].Variable)) return false;
            }
        }
        return true;
    }

    /// <summary>alpha = lr·√(1-β₂ᵗ)/(1-β₁ᵗ) and β₁, β₂, ε in the variable's dtype.</summary>
    private (T Alpha, T Beta1, T Beta2, T Epsilon) Coefficients<T>(double learningRate, long t)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T b1 = Cast<T>(Beta1), b2 = Cast<T>(Beta2), eps = Cast<T>(Epsilon), lr = Cast<T>(learningRate);
        T step = T.CreateTruncating(t);
        return (lr * T.Sqrt(T.One - T.Pow(b2, step)) / (T.One - T.Pow(b1, step)), b1, b2, eps);
    }

    private void Step<T>(T[] w, T[] g, T[] m, T[] v, T[]? vhat, double learningRate, long t) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (alpha, b1, b2, eps) = Coefficients<T>(learningRate, t);
        // One SIMD pass over the variable and its slots (the core's fused Adam kernel).
        Kernels.AdamKernel.Step<T>(w, g, m, v, vhat, alpha, b1, b2, eps);
    }
}
