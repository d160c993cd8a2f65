using TapeFlow.Keras.Regularizers;

namespace TapeFlow.Keras.Layers;

/// <summary>
/// A fully connected layer: <c>activation(inputs @ kernel + bias)</c>. With a bias or ReLU on a 2-D float input it
/// records one fused op (TF's <c>_FusedMatMul</c>) with the same values as MatMul, BiasAdd and Relu.
/// </summary>
public sealed class Dense : Layer
{
    private readonly Func<Tensor, Tensor>? activation;
    private readonly bool reluActivation;
    private readonly Initializer kernelInitializer;
    private readonly Initializer biasInitializer;
    private readonly Regularizer? kernelRegularizer;
    private readonly Regularizer? biasRegularizer;
    private Variable? kernel;
    private Variable? bias;

    /// <summary>A dense layer with an activation named as Keras names it (<c>"relu"</c>, ...; null = linear).</summary>
    /// <param name="units">Output size.</param>
    /// <param name="activation">Keras's activation name.</param>
    /// <param name="kernelInitializer">Keras's initializer name for the kernel.</param>
    /// <param name="biasInitializer">Keras's initializer name for the bias.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="name">The layer's name; default <c>dense</c>, <c>dense_1</c>, ...</param>
    /// <param name="kernelRegularizer">A penalty on the kernel (an object or Keras's <c>"l1"</c>, <c>"l2"</c>, <c>"l1_l2"</c>).</param>
    /// <param name="biasRegularizer">A penalty on the bias.</param>
    public Dense(int units, string? activation = null, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros", bool useBias = true, string? name = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
        : this(units, Activations.Get(activation), Initializer.Get(kernelInitializer), Initializer.Get(biasInitializer), useBias, name, kernelRegularizer, biasRegularizer)
    {
    }

    /// <summary>A dense layer with an activation delegate.</summary>
    /// <param name="units">Output size.</param>
    /// <param name="activation">The activation, applied element-wise.</param>
    public Dense(int units, Func<Tensor, Tensor> activation)
        : this(units, activation, new GlorotUniform(), new Zeros(), true, null)
    {
    }

    /// <summary>A dense layer with initializer objects.</summary>
    /// <param name="units">Output size.</param>
    /// <param name="activation">The activation, or null for linear.</param>
    /// <param name="kernelInitializer">How the kernel starts.</param>
    /// <param name="biasInitializer">How the bias starts.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="kernelRegularizer">A penalty on the kernel, reported in <see cref="Layer.Losses"/>.</param>
    /// <param name="biasRegularizer">A penalty on the bias.</param>
    public Dense(int units, Func<Tensor, Tensor>? activation, Initializer kernelInitializer, Initializer biasInitializer, bool useBias = true, string? name = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
        : base(name, "dense")
    {
        ArgumentNullException.ThrowIfNull(kernelInitializer);
        ArgumentNullException.ThrowIfNull(biasInitializer);
        this.kernelRegularizer = kernelRegularizer;
        this.biasRegularizer = biasRegularizer;
        if (units <= 0) throw new ArgumentException($"Dense: units must be positive, got {units}");
        Units = units;
        this.activation = activation;
        reluActivation = LayerFusion.IsRelu(activation);
        this.kernelInitializer = kernelInitializer;
        this.biasInitializer = biasInitializer;
        UseBias = useBias;
    }

    /// <summary>Output size.</summary>
    public int Units { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The [input, units] weight matrix (after build).</summary>
    public Variable Kernel => kernel ?? throw new InvalidOperationException($"Dense '{Name}' is not built yet: call it or Build it first.");

    /// <summary>The [units] bias (after build).</summary>
    public Variable Bias => bias ?? throw new InvalidOperationException($"Dense '{Name}' has no bias (not built, or useBias: false).");

    /// <inheritdoc/>
    protected override void BuildCore(int?[] inputShape)
    {
        int inputDim = inputShape.Length > 0 && inputShape[^1] is { } d
            ? d
            : throw new ArgumentException($"Dense '{Name}': the last input dimension must be known, got ({string.Join(", ", inputShape.Select(x => x?.ToString() ?? "None"))})");
        kernel = AddWeight("kernel", [inputDim, Units], kernelInitializer, regularizer: kernelRegularizer);
        if (UseBias) bias = AddWeight("bias", [Units], biasInitializer, regularizer: biasRegularizer);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape[..^1], Units];

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (inputs.Rank == 0 || inputs.Shape[-1] != Kernel.Shape[0])
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected axis -1 of input shape to have value {Kernel.Shape[0]}, but received input with shape {inputs.Shape}");
        }
        if (inputs.Rank == 2 && LayerFusion.Applies(activation, reluActivation, inputs, Kernel, bias))
        {
            return (reluActivation ? Ops.Registry.FusedMatMulRelu : Ops.Registry.FusedMatMul).Call(inputs, Kernel, bias);
        }
        var y = inputs.Rank == 2 ? Tf.MatMul(inputs, Kernel) : Tf.Reshape(Tf.MatMul(Tf.Reshape(inputs, -1, inputs.Shape[-1]), Kernel), [.. inputs.Shape.D[..^1], Units]);
        if (bias is not null) y = Tf.Nn.BiasAdd(y, bias);
        return activation is null ? y : activation(y);
    }
}
