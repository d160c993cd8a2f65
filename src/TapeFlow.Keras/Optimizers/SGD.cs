using TapeFlow.Keras.Optimizers.Schedules;

namespace TapeFlow.Keras.Optimizers;

/// <summary>
/// Gradient descent (Keras's formulas): <c>w -= lr·g</c>; with momentum <c>v = m·v - lr·g; w += v</c>;
/// with Nesterov <c>w += m·v - lr·g</c> (after updating v).
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer with Keras's defaults.</summary>
    /// <param name="learningRate">Step size.</param>
    /// <param name="momentum">Velocity decay in [0, 1].</param>
    /// <param name="nesterov">Use Nesterov momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null.</param>
    /// <param name="clipnorm">Per-gradient norm limit, or null.</param>
    /// <param name="clipvalue">Per-element value limit, or null.</param>
    /// <param name="globalClipnorm">Global norm limit, or null.</param>
    public SGD(double learningRate = 0.01, double momentum = 0, bool nesterov = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
        : base(learningRate, weightDecay, clipnorm, clipvalue, globalClipnorm)
    {
        (Momentum, Nesterov) = Check(momentum, nesterov);
    }

    /// <summary>Creates the optimizer with a learning-rate schedule.</summary>
    /// <param name="learningRate">The schedule.</param>
    /// <param name="momentum">Velocity decay in [0, 1].</param>
    /// <param name="nesterov">Use Nesterov momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null.</param>
    /// <param name="clipnorm">Per-gradient norm limit, or null.</param>
    /// <param name="clipvalue">Per-element value limit, or null.</param>
    /// <param name="globalClipnorm">Global norm limit, or null.</param>
    public SGD(LearningRateSchedule learningRate, double momentum = 0, bool nesterov = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
        : base(learningRate, weightDecay, clipnorm, clipvalue, globalClipnorm)
    {
        (Momentum, Nesterov) = Check(momentum, nesterov);
    }

    /// <summary>Velocity decay.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    private static (double, bool) Check(double momentum, bool nesterov)
    {
        if (momentum is < 0 or > 1 || double.IsNaN(momentum)) throw new ArgumentException($"`momentum` must be between [0, 1]. Received: momentum={momentum} (of type {momentum.GetType()}).");
        if (nesterov && momentum == 0) throw new ArgumentException("SGD: nesterov=True needs a momentum > 0 (with momentum 0 it would silently be plain SGD).");
        return (momentum, nesterov);
    }

    /// <inheritdoc/>
    protected override void Update(Variable variable, Tensor gradient, double learningRate)
    {
        if (variable.DType == DType.Float32) Step(variable.Data<float>(), gradient.Data<float>(), Momentum > 0 ? Slot(variable, "momentum").Data<float>() : null, learningRate);
        else Step(variable.Data<double>(), gradient.Data<double>(), Momentum > 0 ? Slot(variable, "momentum").Data<double>() : null, learningRate);
    }

    private void Step<T>(T[] w, T[] g, T[]? velocity, double learningRate) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        T lr = Cast<T>(learningRate), m = Cast<T>(Momentum);
        for (int i = 0; i < w.Length; i++)
        {
            if (velocity is null)
            {
                w[i] -= lr * g[i];
                continue;
            }
            velocity[i] = Kernels.Subnormals.Flush(m * velocity[i] - lr * g[i]);
            w[i] += Nesterov ? m * velocity[i] - lr * g[i] : velocity[i];
        }
    }
}
