
namespace TapeFlow.Ops;

/// <summary>
/// Every primitive op on one screen. Stateless ops are singletons; ops with attributes are built per
/// call. Tests enumerate the <see cref="Op"/> types of this assembly and require a sample for each,
/// so adding an op here adds its generated gradient, second-order and kernel checks.
/// </summary>
internal static class Registry
{
    // Math: unary
    public static readonly Neg Neg = new();
    public static readonly Abs Abs = new();
    public static readonly Sign Sign = new();
    public static readonly Square Square = new();
    public static readonly Sqrt Sqrt = new();
    public static readonly Exp Exp = new();
    public static readonly Log Log = new();
    public static readonly Sin Sin = new();
    public static readonly Cos Cos = new();
    public static readonly Tanh Tanh = new();
    public static readonly Sigmoid Sigmoid = new();
    public static readonly Floor Floor = new();
    public static readonly Ceil Ceil = new();
    public static readonly Round Round = new();

    // Math: binary and ternary
    public static readonly Add Add = new();
    public static readonly Sub Sub = new();
    public static readonly Mul Mul = new();
    public static readonly RealDiv RealDiv = new();
    public static readonly Maximum Maximum = new();
    public static readonly Minimum Minimum = new();
    public static readonly Pow Pow = new();
    public static readonly Select Select = new();

    // Comparisons (bool, not differentiable)
    public static readonly Equal Equal = new();
    public static readonly NotEqual NotEqual = new();
    public static readonly Less Less = new();
    public static readonly LessEqual LessEqual = new();
    public static readonly Greater Greater = new();
    public static readonly GreaterEqual GreaterEqual = new();

    // Nn
    public static readonly Relu Relu = new();
    public static readonly Elu Elu = new();
    public static readonly Softplus Softplus = new();
    public static readonly Softmax Softmax = new();
    public static readonly LogSoftmax LogSoftmax = new();
    public static readonly BiasAdd BiasAdd = new();
    public static readonly ReluGrad ReluGrad = new();
    public static readonly SoftmaxCrossEntropyWithLogits SoftmaxCrossEntropyWithLogits = new();

    // A dense layer in one op (TF's _FusedMatMul): a @ b + bias, and with ReLU after it
    public static readonly FusedMatMul FusedMatMul = new(relu: false);
    public static readonly FusedMatMul FusedMatMulRelu = new(relu: true);

    // Array
    public static readonly Identity Identity = new();
    public static readonly StopGradient StopGradient = new();

    // Ops with attributes
    public static Tensor Sum(Tensor x, int[]? axes, bool keepDims) => new Sum(axes, keepDims).Call(x);

    public static Tensor Max(Tensor x, int[]? axes, bool keepDims) => new Max(axes, keepDims).Call(x);

    public static Tensor Min(Tensor x, int[]? axes, bool keepDims) => new Min(axes, keepDims).Call(x);

    public static Tensor Prod(Tensor x, int[]? axes, bool keepDims) => new Prod(axes, keepDims).Call(x);

    public static Tensor ArgMax(Tensor x, int axis) => new ArgMax(axis).Call(x);

    public static Tensor Cast(Tensor x, DType dtype) => new Cast(dtype).Call(x);

    public static Tensor Reshape(Tensor x, int[] shape) => new Reshape(shape).Call(x);

    public static Tensor Transpose(Tensor x, int[]? perm) => new Transpose(perm).Call(x);

    public static Tensor BroadcastTo(Tensor x, Shape shape) => new BroadcastTo(shape).Call(x);

    public static Tensor SumTo(Tensor x, Shape shape) => new SumTo(shape).Call(x);

    public static Tensor Slice(Tensor x, int[] begin, int[] size) => new Slice(begin, size).Call(x);

    public static Tensor Pad(Tensor x, int[,] paddings) => new Pad(paddings).Call(x);

    public static Tensor Concat(Tensor[] values, int axis) => new Concat(axis).Call(values);

    public static Tensor Gather(Tensor x, Tensor indices, int axis) => new Gather(axis).Call(x, indices);

    public static Tensor ScatterAdd(Tensor data, Tensor indices, int axis, int n) => new UnsortedSegmentSum(axis, n).Call(data, indices);

    public static Tensor OneHot(Tensor indices, int depth, DType dtype) => new OneHot(depth, dtype).Call(indices);

    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA, bool transposeB) => new MatMul(transposeA, transposeB).Call(a, b);

    public static Tensor CustomGradient(Tensor[] arguments, Tensor result, IReadOnlyList<Variable> variables, CustomGradientFunction grad) =>
        new CustomGradient(arguments.Length, variables, grad).Call(result, arguments);

    // Convolution and pooling (NHWC)
    public static Tensor Conv2D(Tensor input, Tensor filters, ConvAttributes attributes) => new Conv2D(attributes).Call(input, filters);

    public static Tensor FusedConv2D(Tensor input, Tensor filters, Tensor? bias, ConvAttributes attributes, bool relu) =>
        new FusedConv2D(attributes, relu).Call(input, filters, bias);

    public static Tensor Conv2DBackpropInput(int[] inputSizes, Tensor filters, Tensor dy, ConvAttributes attributes) =>
        new Conv2DBackpropInput(inputSizes, attributes).Call(filters, dy);

    public static Tensor Conv2DBackpropFilter(Tensor input, int[] filterSizes, Tensor dy, ConvAttributes attributes) =>
        new Conv2DBackpropFilter(filterSizes, attributes).Call(input, dy);

    public static Tensor MaxPool(Tensor input, PoolAttributes attributes) => new MaxPool(attributes).Call(input);

    public static Tensor MaxPoolGrad(Tensor dy, Tensor argmax, int[] inputSizes) => new MaxPoolGrad(inputSizes).Call(dy, argmax);

    public static Tensor AvgPool(Tensor input, PoolAttributes attributes) => new AvgPool(attributes).Call(input);

    public static Tensor AvgPoolGrad(Tensor dy, int[] inputSizes, PoolAttributes attributes) => new AvgPoolGrad(inputSizes, attributes).Call(dy);
}
