using TapeFlow.Keras.Optimizers.Schedules;

namespace TapeFlow.Keras.Optimizers;

/// <summary>
/// RMSprop (Keras's formula): <c>v = ρv + (1-ρ)g²</c>; centered also keeps <c>a = ρa + (1-ρ)g</c> and uses
/// <c>v - a²</c>; <c>inc = lr·g / √(denominator + ε)</c>; with momentum <c>mom = momentum·mom + inc; w -= mom</c>,
/// otherwise <c>w -= inc</c>.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>Creates the optimizer with Keras's defaults.</summary>
    /// <param name="learningRate">Step size.</param>
    /// <param name="rho">Decay of the squared-gradient average.</param>
    /// <param name="momentum">Momentum factor (0 = none).</param>
    /// <param name="epsilon">Added inside the square root.</param>
    /// <param name="centered">Normalize by the estimated variance instead of the second moment.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null.</param>
    /// <param name="clipnorm">Per-gradient norm limit, or null.</param>
    /// <param name="clipvalue">Per-element value limit, or null.</param>
    /// <param name="globalClipnorm">Global norm limit, or null.</param>
    public RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
        : base(learningRate, weightDecay, clipnorm, clipvalue, globalClipnorm)
    {
        (Rho, Momentum, Epsilon, Centered) = Check(rho, momentum, epsilon, centered);
    }

    /// <summary>Creates the optimizer with a learning-rate schedule.</summary>
    /// <param name="learningRate">The schedule.</param>
    /// <param name="rho">Decay of the squared-gradient average.</param>
    /// <param name="momentum">Momentum factor (0 = none).</param>
    /// <param name="epsilon">Added inside the square root.</param>
    /// <param name="centered">Normalize by the estimated variance.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null.</param>
    /// <param name="clipnorm">Per-gradient norm limit, or null.</param>
    /// <param name="clipvalue">Per-element value limit, or null.</param>
    /// <param name="globalClipnorm">Global norm limit, or null.</param>
    public RMSprop(LearningRateSchedule learningRate, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
        : base(learningRate, weightDecay, clipnorm, clipvalue, globalClipnorm)
    {
        (Rho, Momentum, Epsilon, Centered) = Check(rho, momentum, epsilon, centered);
    }

    /// <summary>Decay of the squared-gradient average.</summary>
    public double Rho { get; }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Added inside the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    private static (double, double, double, bool) Check(double rho, double momentum, double epsilon, bool centered)
    {
        return (Unit("RMSprop", "rho", rho), Unit("RMSprop", "momentum", momentum, allowOne: true), NonNegative("RMSprop", "epsilon", epsilon), centered);
    }

    /// <inheritdoc/>
    protected override void Update(Variable variable, Tensor gradient, double learningRate)
    {
        if (variable.DType == DType.Float32)
        {
            Step(variable.Data<float>(), gradient.Data<float>(), Slot(variable, "velocity").Data<float>(),
                Momentum > 0 ? Slot(variable, "momentum").Data<float>() : null, Centered ? Slot(variable, "average_gradient").Data<float>() : null, learningRate);
        }
        else
        {
            Step(variable.Data<double>(), gradient.Data<double>(), Slot(variable, "velocity").Data<double>(),
                Momentum > 0 ? Slot(variable, "momentum").Data<double>() : null, Centered ? Slot(variable, "average_gradient").Data<double>() : null, learningRate);
        }
    }

    private void Step<T>(T[] w, T[] g, T[] v, T[]? mom, T[]? avg, double learningRate) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        T rho = Cast<T>(Rho), c = T.One - rho, eps = Cast<T>(Epsilon), lr = Cast<T>(learningRate), mu = Cast<T>(Momentum);
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = Kernels.Subnormals.Flush(rho * v[i] + c * g[i] * g[i]);
            T denom = v[i];
            if (avg is not null)
            {
                avg[i] = Kernels.Subnormals.Flush(rho * avg[i] + c * g[i]);
                denom -= avg[i] * avg[i];
            }
            T inc = lr * g[i] / T.Sqrt(denom + eps);
            if (mom is not null)
            {
                mom[i] = Kernels.Subnormals.Flush(mu * mom[i] + inc);
                w[i] -= mom[i];
            }
            else w[i] -= inc;
        }
    }
}
