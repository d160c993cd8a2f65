namespace TapeFlow.Keras.Layers;

/// <summary>
/// A 2-D convolution layer (Keras's <c>Conv2D</c>): <c>activation(conv2d(inputs, kernel) + bias)</c> on
/// channels-last images, with a [kh, kw, in, filters] kernel and a [filters] bias. With a bias or ReLU on float
/// input it records one fused op (TF's <c>_FusedConv2D</c>) with the same values as the three separate ops.
/// </summary>
public sealed class Conv2D : Layer
{
    private readonly Func<Tensor, Tensor>? activation;
    private readonly bool reluActivation;
    private readonly Initializer kernelInitializer;
    private readonly Initializer biasInitializer;
    private readonly string opPadding;
    private Variable? kernel;
    private Variable? bias;

    /// <summary>A convolution with a square kernel and Keras's names for activation and initializers.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's height and width.</param>
    /// <param name="strides">The stride along height and width.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>.</param>
    /// <param name="activation">Keras's activation name; null = linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Keras's initializer name for the kernel.</param>
    /// <param name="biasInitializer">Keras's initializer name for the bias.</param>
    /// <param name="dilationRate">The dilation along height and width.</param>
    /// <param name="name">The layer's name; default <c>conv2d</c>, <c>conv2d_1</c>, ...</param>
    public Conv2D(int filters, int kernelSize, int strides = 1, string padding = "valid", string? activation = null, bool useBias = true,
        string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros", int dilationRate = 1, string? name = null)
        : this(filters, (kernelSize, kernelSize), Activations.Get(activation), Initializer.Get(kernelInitializer), Initializer.Get(biasInitializer),
            (strides, strides), padding, useBias, (dilationRate, dilationRate), name)
    {
    }

    /// <summary>A convolution with a (height, width) kernel and Keras's names for activation and initializers.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's (height, width).</param>
    /// <param name="strides">The (height, width) strides; default (1, 1).</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>.</param>
    /// <param name="activation">Keras's activation name; null = linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Keras's initializer name for the kernel.</param>
    /// <param name="biasInitializer">Keras's initializer name for the bias.</param>
    /// <param name="dilationRate">The (height, width) dilation; default (1, 1).</param>
    /// <param name="name">The layer's name.</param>
    public Conv2D(int filters, (int Height, int Width) kernelSize, (int Height, int Width)? strides = null, string padding = "valid", string? activation = null,
        bool useBias = true, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros", (int Height, int Width)? dilationRate = null, string? name = null)
        : this(filters, kernelSize, Activations.Get(activation), Initializer.Get(kernelInitializer), Initializer.Get(biasInitializer),
            strides, padding, useBias, dilationRate, name)
    {
    }

    /// <summary>A convolution with an activation delegate and initializer objects (for seeded initializers).</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's (height, width).</param>
    /// <param name="activation">The activation, applied element-wise; null = linear.</param>
    /// <param name="kernelInitializer">How the kernel starts.</param>
    /// <param name="biasInitializer">How the bias starts.</param>
    /// <param name="strides">The (height, width) strides; default (1, 1).</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="dilationRate">The (height, width) dilation; default (1, 1).</param>
    /// <param name="name">The layer's name.</param>
    public Conv2D(int filters, (int Height, int Width) kernelSize, Func<Tensor, Tensor>? activation, Initializer kernelInitializer, Initializer biasInitializer,
        (int Height, int Width)? strides = null, string padding = "valid", bool useBias = true, (int Height, int Width)? dilationRate = null, string? name = null)
        : base(name, "conv2d")
    {
        ArgumentNullException.ThrowIfNull(kernelInitializer);
        ArgumentNullException.ThrowIfNull(biasInitializer);
        if (filters <= 0) throw new ArgumentException($"Conv2D: filters must be positive, got {filters}");
        Filters = filters;
        KernelSize = ConvUtils.Positive("Conv2D", "kernelSize", kernelSize);
        Strides = ConvUtils.Positive("Conv2D", "strides", strides ?? (1, 1));
        DilationRate = ConvUtils.Positive("Conv2D", "dilationRate", dilationRate ?? (1, 1));
        opPadding = ConvUtils.Padding("Conv2D", padding);
        Padding = padding.ToLowerInvariant();
        UseBias = useBias;
        this.activation = activation;
        reluActivation = LayerFusion.IsRelu(activation);
        this.kernelInitializer = kernelInitializer;
        this.biasInitializer = biasInitializer;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's (height, width).</summary>
    public (int Height, int Width) KernelSize { get; }

    /// <summary>The (height, width) strides.</summary>
    public (int Height, int Width) Strides { get; }

    /// <summary>The (height, width) dilation.</summary>
    public (int Height, int Width) DilationRate { get; }

    /// <summary><c>"valid"</c> or <c>"same"</c>.</summary>
    public string Padding { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The [kh, kw, in, filters] kernel (after build).</summary>
    public Variable Kernel => kernel ?? throw new InvalidOperationException($"Conv2D '{Name}' is not built yet: call it or Build it first.");

    /// <summary>The [filters] bias (after build).</summary>
    public Variable Bias => bias ?? throw new InvalidOperationException($"Conv2D '{Name}' has no bias (not built, or useBias: false).");

    /// <inheritdoc/>
    protected override void BuildCore(int?[] inputShape)
    {
        ConvUtils.RequireRank4($"Conv2D '{Name}'", inputShape);
        int channels = inputShape[3] ?? throw new ArgumentException(
            $"Conv2D '{Name}': the channel dimension of the inputs should be defined, got {ShapeText(inputShape)}");
        kernel = AddWeight("kernel", [KernelSize.Height, KernelSize.Width, channels, Filters], kernelInitializer);
        if (UseBias) bias = AddWeight("bias", [Filters], biasInitializer);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ConvUtils.RequireRank4($"Conv2D '{Name}'", inputShape);
        return
        [
            inputShape[0],
            ConvUtils.OutputLength(inputShape[1], KernelSize.Height, Strides.Height, DilationRate.Height, opPadding),
            ConvUtils.OutputLength(inputShape[2], KernelSize.Width, Strides.Width, DilationRate.Width, opPadding),
            Filters,
        ];
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        int[] strides = [Strides.Height, Strides.Width], dilations = [DilationRate.Height, DilationRate.Width];
        if (LayerFusion.Applies(activation, reluActivation, inputs, Kernel, bias))
        {
            return Ops.Registry.FusedConv2D(inputs, Kernel, bias, new Ops.ConvAttributes(strides, opPadding, dilations), reluActivation);
        }
        var y = Tf.Nn.Conv2D(inputs, Kernel, strides, opPadding, dilations);
        if (bias is not null) y = Tf.Nn.BiasAdd(y, bias);
        return activation is null ? y : activation(y);
    }
}
