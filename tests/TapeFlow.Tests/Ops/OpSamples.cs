using TapeFlow.Ops;

namespace TapeFlow.Tests.Ops;

/// <summary>
/// The op database: one or more samples for every op in <c>src/TapeFlow/Ops</c> (checked by
/// <see cref="RegistryCompletenessTests"/>), plus samples of composite front-door functions. The
/// generated suites (first and second-order gradient checks) read this table.
/// </summary>
internal static class OpSamples
{
    private static readonly int[][] UnaryShapes = [[], [3], [2, 3], [6, 20]];

    private static readonly (int[] A, int[] B)[] BinaryShapes =
    [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 1], [1, 3]), ([], [2, 3]), ([2, 3], []), ([4, 1, 3], [2, 1]), ([8, 16], [16]),
    ];

    private static readonly (int[] Shape, int[]? Axes, bool KeepDims)[] Reductions =
    [
        ([2, 3, 4], null, false), ([2, 3, 4], null, true), ([2, 3, 4], [0], false), ([2, 3, 4], [1], true), ([2, 3, 4], [-1], false),
        ([2, 3, 4], [0, 2], false), ([2, 3, 4], [0, 2], true), ([2, 3, 4], [1, 2], false), ([5], [0], false), ([6, 30], [1], false),
    ];

    /// <summary>Every sample, in table order.</summary>
    public static IReadOnlyList<OpSample> All { get; } = Create().ToList();

    private static readonly Dictionary<string, OpSample> ById = All.ToDictionary(s => s.Id);

    /// <summary>The sample a theory row names.</summary>
    public static OpSample Get(string id) => ById[id];

    private static IEnumerable<OpSample> Create()
    {
        // Math: unary
        foreach (var s in Unary("Neg", Tf.Negative, Domain.Any)) yield return s;
        foreach (var s in Unary("Abs", Tf.Abs, Domain.AwayFromZero)) yield return s;
        foreach (var s in Unary("Sign", Tf.Sign, Domain.AwayFromZero)) yield return s;
        foreach (var s in Unary("Square", Tf.Square, Domain.Any)) yield return s;
        foreach (var s in Unary("Sqrt", Tf.Sqrt, Domain.Positive)) yield return s;
        foreach (var s in Unary("Exp", Tf.Exp, Domain.Any)) yield return s;
        foreach (var s in Unary("Log", Tf.Log, Domain.Positive)) yield return s;
        foreach (var s in Unary("Sin", Tf.Sin, Domain.Any)) yield return s;
        foreach (var s in Unary("Cos", Tf.Cos, Domain.Any)) yield return s;
        foreach (var s in Unary("Tanh", Tf.Tanh, Domain.Any)) yield return s;
        foreach (var s in Unary("Sigmoid", Tf.Sigmoid, Domain.Any)) yield return s;
        foreach (var s in Unary("Floor", Tf.Floor, Domain.Any, differentiable: false)) yield return s;
        foreach (var s in Unary("Ceil", Tf.Ceil, Domain.Any, differentiable: false)) yield return s;
        foreach (var s in Unary("Round", Tf.Round, Domain.Any, differentiable: false)) yield return s;

        // Nn
        foreach (var s in Unary("Relu", Tf.Nn.Relu, Domain.AwayFromZero)) yield return s;
        foreach (var s in Unary("Elu", Tf.Nn.Elu, Domain.AwayFromZero)) yield return s;
        foreach (var s in Unary("Softplus", Tf.Nn.Softplus, Domain.Any)) yield return s;
        foreach (var s in LastAxis("Softmax", Tf.Nn.Softmax)) yield return s;
        foreach (var s in LastAxis("LogSoftmax", Tf.Nn.LogSoftmax)) yield return s;

        // Math: binary
        foreach (var s in Binary("AddV2", Tf.Add, Domain.Any, Domain.Any)) yield return s;
        foreach (var s in Binary("Sub", Tf.Subtract, Domain.Any, Domain.Any)) yield return s;
        foreach (var s in Binary("Mul", Tf.Multiply, Domain.Any, Domain.Any)) yield return s;
        foreach (var s in Binary("RealDiv", Tf.Divide, Domain.Any, Domain.AwayFromZero)) yield return s;
        foreach (var s in Binary("Maximum", Tf.Maximum, Domain.Distinct, Domain.Distinct)) yield return s;
        foreach (var s in Binary("Minimum", Tf.Minimum, Domain.Distinct, Domain.Distinct)) yield return s;
        foreach (var s in Binary("Pow", Tf.Pow, Domain.Positive, Domain.Any)) yield return s;

        // Comparisons: bool outputs, never differentiable
        foreach (var s in Binary("Equal", Tf.Equal, Domain.Any, Domain.Any, differentiable: false)) yield return s;
        foreach (var s in Binary("NotEqual", Tf.NotEqual, Domain.Any, Domain.Any, differentiable: false)) yield return s;
        foreach (var s in Binary("Less", Tf.Less, Domain.Any, Domain.Any, differentiable: false)) yield return s;
        foreach (var s in Binary("LessEqual", Tf.LessEqual, Domain.Any, Domain.Any, differentiable: false)) yield return s;
        foreach (var s in Binary("Greater", Tf.Greater, Domain.Any, Domain.Any, differentiable: false)) yield return s;
        foreach (var s in Binary("GreaterEqual", Tf.GreaterEqual, Domain.Any, Domain.Any, differentiable: false)) yield return s;

        // SelectV2: the condition is a constant; x and y are the differentiable inputs.
        var cond23 = Tensor.FromArray(new[] { true, false, true, false, false, true }, 2, 3);
        var cond3 = Tensor.FromArray(new[] { false, true, true }, 3);
        yield return new("SelectV2", "cond(2, 3) x(2, 3) y(2, 3)", x => Tf.Where(cond23, x[0], x[1]), [[2, 3], [2, 3]], [Domain.Any, Domain.Any]);
        yield return new("SelectV2", "cond(3,) x(2, 3) y()", x => Tf.Where(cond3, x[0], x[1]), [[2, 3], []], [Domain.Any, Domain.Any]);
        yield return new("SelectV2", "cond(2, 3) x(2, 1) y(3,)", x => Tf.Where(cond23, x[0], x[1]), [[2, 1], [3]], [Domain.Any, Domain.Any]);

        // Reductions
        foreach (var s in Reduce("Sum", Tf.ReduceSum, Tf.ReduceSum, Domain.Any)) yield return s;
        foreach (var s in Reduce("Max", Tf.ReduceMax, Tf.ReduceMax, Domain.Distinct)) yield return s;
        foreach (var s in Reduce("Min", Tf.ReduceMin, Tf.ReduceMin, Domain.Distinct)) yield return s;
        foreach (var s in Reduce("Prod", Tf.ReduceProd, Tf.ReduceProd, Domain.NearOne)) yield return s;
        yield return new("ArgMax", "x(3, 4) axis 1", x => Tf.ArgMax(x[0], 1), [[3, 4]], [Domain.Distinct], Differentiable: false, TwiceDifferentiable: false);
        yield return new("ArgMax", "x(3, 4) axis 0", x => Tf.ArgMax(x[0], 0), [[3, 4]], [Domain.Distinct], Differentiable: false, TwiceDifferentiable: false);

        // Linalg
        yield return MatMul("a(2, 3) b(3, 4)", [2, 3], [3, 4], false, false);
        yield return MatMul("a(3, 2)ᵀ b(3, 4)", [3, 2], [3, 4], true, false);
        yield return MatMul("a(2, 3) b(4, 3)ᵀ", [2, 3], [4, 3], false, true);
        yield return MatMul("a(3, 2)ᵀ b(4, 3)ᵀ", [3, 2], [4, 3], true, true);
        yield return MatMul("batch a(2, 2, 3) b(2, 3, 2)", [2, 2, 3], [2, 3, 2], false, false);
        yield return MatMul("batch a(2, 3, 2)ᵀ b(2, 2, 3)ᵀ", [2, 3, 2], [2, 2, 3], true, true);
        yield return MatMul("broadcast batch a(2, 2, 3) b(3, 2)", [2, 2, 3], [3, 2], false, false);
        yield return MatMul("broadcast batch a(1, 2, 3) b(3, 3, 1)", [1, 2, 3], [3, 3, 1], false, false);
        yield return MatMul("a(8, 12) b(12, 10)", [8, 12], [12, 10], false, false);

        // Array
        yield return new("Identity", "x(2, 3)", x => Tf.Identity(x[0]), [[2, 3]], [Domain.Any]);
        yield return new("Identity", "x()", x => Tf.Identity(x[0]), [[]], [Domain.Any]);
        yield return new("StopGradient", "x(2, 3)", x => Tf.StopGradient(x[0]), [[2, 3]], [Domain.Any], Differentiable: false, TwiceDifferentiable: false);
        yield return new("Cast", "float64 to float64 x(2, 3)", x => Tf.Cast(x[0], DType.Float64), [[2, 3]], [Domain.Any]);
        yield return new("Cast", "float64 to int32 x(2, 3)", x => Tf.Cast(x[0], DType.Int32), [[2, 3]], [Domain.Any], Differentiable: false, TwiceDifferentiable: false);
        yield return new("Reshape", "(2, 3) to (3, 2)", x => Tf.Reshape(x[0], 3, 2), [[2, 3]], [Domain.Any]);
        yield return new("Reshape", "(2, 3) to (-1,)", x => Tf.Reshape(x[0], -1), [[2, 3]], [Domain.Any]);
        yield return new("Reshape", "() to (1, 1)", x => Tf.Reshape(x[0], 1, 1), [[]], [Domain.Any]);
        yield return new("Transpose", "(2, 3) reversed", x => Tf.Transpose(x[0]), [[2, 3]], [Domain.Any]);
        yield return new("Transpose", "(2, 3, 4) perm (1, 2, 0)", x => Tf.Transpose(x[0], [1, 2, 0]), [[2, 3, 4]], [Domain.Any]);
        yield return new("Transpose", "(2, 3, 4) perm (2, 0, 1)", x => Tf.Transpose(x[0], [2, 0, 1]), [[2, 3, 4]], [Domain.Any]);
        yield return new("Transpose", "(5, 7, 3) perm (0, 2, 1)", x => Tf.Transpose(x[0], [0, 2, 1]), [[5, 7, 3]], [Domain.Any]);
        yield return new("BroadcastTo", "(3,) to (2, 3)", x => Tf.BroadcastTo(x[0], new Shape(2, 3)), [[3]], [Domain.Any]);
        yield return new("BroadcastTo", "(2, 1) to (2, 3)", x => Tf.BroadcastTo(x[0], new Shape(2, 3)), [[2, 1]], [Domain.Any]);
        yield return new("BroadcastTo", "() to (2, 2)", x => Tf.BroadcastTo(x[0], new Shape(2, 2)), [[]], [Domain.Any]);
        yield return new("BroadcastTo", "(1, 3, 1) to (2, 3, 4)", x => Tf.BroadcastTo(x[0], new Shape(2, 3, 4)), [[1, 3, 1]], [Domain.Any]);
        yield return new("SumTo", "(2, 3) to (3,)", x => Tf.SumTo(x[0], new Shape(3)), [[2, 3]], [Domain.Any]);
        yield return new("SumTo", "(2, 3) to (2, 1)", x => Tf.SumTo(x[0], new Shape(2, 1)), [[2, 3]], [Domain.Any]);
        yield return new("SumTo", "(2, 3, 4) to (3, 1)", x => Tf.SumTo(x[0], new Shape(3, 1)), [[2, 3, 4]], [Domain.Any]);
        yield return new("SumTo", "(2, 3) to ()", x => Tf.SumTo(x[0], Shape.Scalar), [[2, 3]], [Domain.Any]);
        yield return new("Slice", "(4, 5) begin (1, 2) size (2, -1)", x => Tf.Slice(x[0], [1, 2], [2, -1]), [[4, 5]], [Domain.Any]);
        yield return new("Slice", "(3, 2, 4) begin (0, 1, 1) size (3, 1, 2)", x => Tf.Slice(x[0], [0, 1, 1], [3, 1, 2]), [[3, 2, 4]], [Domain.Any]);
        yield return new("Pad", "(2, 3) paddings ((1, 0), (2, 1))", x => Tf.Pad(x[0], new[,] { { 1, 0 }, { 2, 1 } }), [[2, 3]], [Domain.Any]);
        yield return new("ConcatV2", "(2, 3) (2, 2) axis 1", x => Tf.Concat(x, 1), [[2, 3], [2, 2]], [Domain.Any, Domain.Any]);
        yield return new("ConcatV2", "(1, 2) (2, 2) (3, 2) axis 0", x => Tf.Concat(x, 0), [[1, 2], [2, 2], [3, 2]], [Domain.Any, Domain.Any, Domain.Any]);
        yield return new("ConcatV2", "(2, 3) (2, 3) axis -1", x => Tf.Concat(x, -1), [[2, 3], [2, 3]], [Domain.Any, Domain.Any]);
        var rows = Tensor.FromArray(new[] { 4, 0, 4, 2 }, 4);
        var cols = Tensor.FromArray(new[] { 0, 2, 1, 1 }, 2, 2);
        yield return new("GatherV2", "x(5, 3) indices (4, 0, 4, 2) axis 0", x => Tf.Gather(x[0], rows), [[5, 3]], [Domain.Any]);
        yield return new("GatherV2", "x(2, 3) indices ((0, 2), (1, 1)) axis 1", x => Tf.Gather(x[0], cols, 1), [[2, 3]], [Domain.Any]);
        var segments = Tensor.FromArray(new[] { 1, 0, 1, 3 }, 4);
        var segments2 = Tensor.FromArray(new[] { 1, 0, 1, 2 }, 4);
        yield return new("UnsortedSegmentSum", "data(4, 3) ids (1, 0, 1, 3) n 5", x => Registry.ScatterAdd(x[0], segments, 0, 5), [[4, 3]], [Domain.Any]);
        yield return new("UnsortedSegmentSum", "data(2, 4) ids (1, 0, 1, 2) axis 1 n 3", x => Registry.ScatterAdd(x[0], segments2, 1, 3), [[2, 4]], [Domain.Any]);
        yield return new("OneHot", "indices(2, 3) depth 4", x => Tf.OneHot(Tf.Cast(x[0], DType.Int32), 4, DType.Float64), [[2, 3]], [Domain.Index], Differentiable: false, TwiceDifferentiable: false);

        // Fused training ops
        yield return new("BiasAdd", "value(4, 3) bias(3,)", x => Tf.Nn.BiasAdd(x[0], x[1]), [[4, 3], [3]], [Domain.Any, Domain.Any]);
        yield return new("BiasAdd", "value(2, 2, 3) bias(3,)", x => Tf.Nn.BiasAdd(x[0], x[1]), [[2, 2, 3], [3]], [Domain.Any, Domain.Any]);
        var features = Tensor.FromArray(new[] { 0.5, -1.0, 2.0, -0.25, 1.5, -3.0 }, 2, 3);
        yield return new("ReluGrad", "gradients(2, 3) features fixed", x => Registry.ReluGrad.Call(x[0], features), [[2, 3]], [Domain.Any]);
        yield return new("_FusedMatMul", "a(3, 4) b(4, 5) bias(5,) relu", x => Registry.FusedMatMulRelu.Call(x[0], x[1], x[2]), [[3, 4], [4, 5], [5]], [Domain.Any, Domain.Any, Domain.Any]);
        yield return new("_FusedMatMul", "a(3, 4) b(4, 5) bias(5,)", x => Registry.FusedMatMul.Call(x[0], x[1], x[2]), [[3, 4], [4, 5], [5]], [Domain.Any, Domain.Any, Domain.Any]);
        yield return new("_FusedMatMul", "a(2, 3) b(3, 4) relu, no bias", x => Registry.FusedMatMulRelu.Call(x[0], x[1], null), [[2, 3], [3, 4]], [Domain.Any, Domain.Any]);
        yield return new("_FusedMatMul", "a(8, 12) b(12, 20) bias(20,) relu (packed product)", x => Registry.FusedMatMulRelu.Call(x[0], x[1], x[2]), [[8, 12], [12, 20], [20]], [Domain.Any, Domain.Any, Domain.Any]);
        yield return new("SoftmaxCrossEntropyWithLogits", "labels(2, 3) logits(2, 3)", x => Registry.SoftmaxCrossEntropyWithLogits.Call(x[0], x[1]), [[2, 3], [2, 3]], [Domain.Any, Domain.Any]);
        yield return new("SoftmaxCrossEntropyWithLogits", "labels(4, 5) logits(4, 5)", x => Registry.SoftmaxCrossEntropyWithLogits.Call(x[0], x[1]), [[4, 5], [4, 5]], [Domain.Any, Domain.Any]);

        // Convolution and pooling (NHWC); the conv tests check more geometries in depth.
        yield return new("Conv2D", "x(1, 5, 5, 2) f(3, 3, 2, 3) VALID", x => Tf.Nn.Conv2D(x[0], x[1], 1, "VALID"), [[1, 5, 5, 2], [3, 3, 2, 3]], [Domain.Any, Domain.Any]);
        yield return new("Conv2D", "x(2, 5, 4, 1) f(2, 2, 1, 2) stride 2 SAME", x => Tf.Nn.Conv2D(x[0], x[1], 2, "SAME"), [[2, 5, 4, 1], [2, 2, 1, 2]], [Domain.Any, Domain.Any]);
        yield return new("Conv2D", "x(1, 6, 6, 1) f(2, 2, 1, 2) dilation 2", x => Tf.Nn.Conv2D(x[0], x[1], 1, "VALID", 2), [[1, 6, 6, 1], [2, 2, 1, 2]], [Domain.Any, Domain.Any]);
        var same2 = new ConvAttributes([2], "SAME", [1]);
        var valid1 = new ConvAttributes([1], "VALID", [1]);
        yield return new("_FusedConv2D", "x(1, 5, 5, 2) f(3, 3, 2, 3) bias(3,) relu VALID", x => Registry.FusedConv2D(x[0], x[1], x[2], valid1, relu: true), [[1, 5, 5, 2], [3, 3, 2, 3], [3]], [Domain.Any, Domain.Any, Domain.Any]);
        yield return new("_FusedConv2D", "x(2, 5, 4, 1) f(2, 2, 1, 2) bias(2,) stride 2 SAME", x => Registry.FusedConv2D(x[0], x[1], x[2], same2, relu: false), [[2, 5, 4, 1], [2, 2, 1, 2], [2]], [Domain.Any, Domain.Any, Domain.Any]);
        yield return new("_FusedConv2D", "x(1, 4, 4, 2) f(2, 2, 2, 2) relu, no bias", x => Registry.FusedConv2D(x[0], x[1], null, valid1, relu: true), [[1, 4, 4, 2], [2, 2, 2, 2]], [Domain.Any, Domain.Any]);
        yield return new("Conv2DBackpropInput", "dy(1, 3, 3, 3) f(3, 3, 2, 3) to (1, 5, 5, 2)", x => Tf.Nn.Conv2DTranspose(x[0], x[1], [1, 5, 5, 2], [1], "VALID"), [[1, 3, 3, 3], [3, 3, 2, 3]], [Domain.Any, Domain.Any]);
        yield return new("Conv2DBackpropInput", "dy(1, 3, 3, 2) f(2, 2, 1, 2) stride 2 SAME to (1, 5, 5, 1)", x => Tf.Nn.Conv2DTranspose(x[0], x[1], [1, 5, 5, 1], [2], "SAME"), [[1, 3, 3, 2], [2, 2, 1, 2]], [Domain.Any, Domain.Any]);
        var valid = new ConvAttributes([1], "VALID", [1]);
        var strided = new ConvAttributes([2], "SAME", [1]);
        yield return new("Conv2DBackpropFilter", "x(1, 5, 5, 2) dy(1, 3, 3, 3) VALID", x => Registry.Conv2DBackpropFilter(x[0], [3, 3, 2, 3], x[1], valid), [[1, 5, 5, 2], [1, 3, 3, 3]], [Domain.Any, Domain.Any]);
        yield return new("Conv2DBackpropFilter", "x(2, 5, 4, 1) dy(2, 3, 2, 2) stride 2 SAME", x => Registry.Conv2DBackpropFilter(x[0], [2, 2, 1, 2], x[1], strided), [[2, 5, 4, 1], [2, 3, 2, 2]], [Domain.Any, Domain.Any]);
        yield return new("MaxPool", "x(1, 4, 4, 2) 2x2 stride 2", x => Tf.Nn.MaxPool2D(x[0], 2, 2, "VALID"), [[1, 4, 4, 2]], [Domain.Distinct]);
        yield return new("MaxPool", "x(2, 5, 5, 1) 3x3 stride 2 SAME", x => Tf.Nn.MaxPool2D(x[0], 3, 2, "SAME"), [[2, 5, 5, 1]], [Domain.Distinct]);
        yield return new("AvgPool", "x(1, 4, 4, 2) 2x2 stride 2", x => Tf.Nn.AvgPool2D(x[0], 2, 2, "VALID"), [[1, 4, 4, 2]], [Domain.Any]);
        yield return new("AvgPool", "x(2, 5, 5, 1) 3x3 stride 2 SAME", x => Tf.Nn.AvgPool2D(x[0], 3, 2, "SAME"), [[2, 5, 5, 1]], [Domain.Any]);
        // The pooling gradients, reached as the gradient of a pooling of fixed images with dy as the input.
        var images = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => (i * 7 % 32) * 0.1).ToArray(), 1, 4, 4, 2);
        yield return new("MaxPoolGrad", "dy(1, 2, 2, 2) over fixed x(1, 4, 4, 2)", x => PoolGradient(images, x[0], t => Tf.Nn.MaxPool2D(t, 2, 2, "VALID")), [[1, 2, 2, 2]], [Domain.Any]);
        yield return new("AvgPoolGrad", "dy(1, 2, 2, 2) over fixed x(1, 4, 4, 2)", x => PoolGradient(images, x[0], t => Tf.Nn.AvgPool2D(t, 2, 2, "VALID")), [[1, 2, 2, 2]], [Domain.Any]);

        // A user-defined gradient (x² with its gradient written by hand), recorded as one op.
        var square = Tf.CustomGradient(v => (Tf.Square(v), dy => dy * (v * 2.0)));
        yield return new("CustomGradient", "x² with a hand-written gradient x(2, 3)", x => square(x[0]), [[2, 3]], [Domain.Any]);

        // Composite front-door functions: not ops of their own, gradchecked through the ops they use.
        foreach (var s in Composites()) yield return s;
    }

    private static IEnumerable<OpSample> Composites()
    {
        var probs = Tensor.FromArray(new[] { 0.2, 0.5, 0.3, 0.0, 1.0, 0.0 }, 2, 3);
        var classes = Tensor.FromArray(new[] { 2, 0 }, 2);
        var labels = Tensor.FromArray(new[] { 1.0, 0.0, 0.5, 0.25, 1.0, 0.0 }, 2, 3);
        var ids = Tensor.FromArray(new[] { 1, 1, 0 }, 3);
        yield return Composite("ReduceMean", "x(2, 3) axis 1", x => Tf.ReduceMean(x[0], 1), [2, 3]);
        yield return Composite("ReduceMean", "x(2, 3) all, keepDims", x => Tf.ReduceMean(x[0], keepDims: true), [2, 3]);
        yield return Composite("ClipByValue", "x(4, 5) to [-0.5, 0.5]", x => Tf.ClipByValue(x[0], -0.5, 0.5), [4, 5], Domain.Distinct);
        yield return Composite("ClipByNorm", "x(5,) to 1", x => Tf.ClipByNorm(x[0], 1.0), [5]);
        yield return Composite("Norm", "x(2, 3) axis 1", x => Tf.Norm(x[0], 1), [2, 3]);
        yield return Composite("SoftmaxCrossEntropyWithLogits", "(2, 3)", x => Tf.Nn.SoftmaxCrossEntropyWithLogits(probs, x[0]), [2, 3]);
        yield return Composite("SparseSoftmaxCrossEntropyWithLogits", "(2, 3)", x => Tf.Nn.SparseSoftmaxCrossEntropyWithLogits(classes, x[0]), [2, 3]);
        yield return Composite("SigmoidCrossEntropyWithLogits", "(2, 3)", x => Tf.Nn.SigmoidCrossEntropyWithLogits(labels, x[0]), [2, 3], Domain.AwayFromZero);
        yield return Composite("Stack", "two (2, 3) axis 1", x => Tf.Stack(x, 1), [2, 3], Domain.Any, 2);
        yield return Composite("Split", "x(2, 6) into 3 along axis 1, middle part", x => Tf.Split(x[0], 3, 1)[1], [2, 6]);
        yield return Composite("Squeeze", "ExpandDims then Squeeze x(2, 3)", x => Tf.Squeeze(Tf.ExpandDims(x[0], 1)) * Tf.ExpandDims(x[0], 0), [2, 3]);
        yield return Composite("Tensor[i, j]", "x(3, 4)[-1, 2] and x[1]", x => x[0][-1, 2] * x[0][1], [3, 4]);
        yield return Composite("EmbeddingLookup", "params(2, 3) ids (1, 1, 0)", x => Tf.Nn.EmbeddingLookup(x[0], ids), [2, 3]);
        yield return Composite("Softmax", "x(3, 4) axis 0", x => Tf.Nn.Softmax(x[0], 0), [3, 4]);
        yield return Composite("Tensor operators", "2 / x - x * 3 + (-x)", x => 2.0 / x[0] - x[0] * 3.0 + (-x[0]), [2, 3], Domain.AwayFromZero);
    }

    /// <summary>d pool(images) / d images with upstream <paramref name="dy"/>: the pooling op's gradient op applied to dy.</summary>
    private static Tensor PoolGradient(Tensor images, Tensor dy, Func<Tensor, Tensor> pool)
    {
        var x = Tf.Cast(images, dy.DType);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = pool(x);
        return tape.Gradient(y, x, outputGradients: dy)!;
    }

    private static OpSample Composite(string name, string desc, Func<Tensor[], Tensor> f, int[] shape, Domain d = Domain.Any, int inputs = 1) =>
        new(name, desc, f, Enumerable.Repeat(shape, inputs).ToArray(), Enumerable.Repeat(d, inputs).ToArray(), Composite: true);

    private static IEnumerable<OpSample> Unary(string op, Func<Tensor, Tensor> f, Domain d, bool differentiable = true) =>
        UnaryShapes.Select(s => new OpSample(op, $"x{new Shape(s)}", x => f(x[0]), [s], [d], differentiable, differentiable));

    private static IEnumerable<OpSample> Binary(string op, Func<Tensor, Tensor, Tensor> f, Domain da, Domain db, bool differentiable = true) =>
        BinaryShapes.Select(p => new OpSample(op, $"a{new Shape(p.A)} b{new Shape(p.B)}", x => f(x[0], x[1]), [p.A, p.B], [da, db], differentiable, differentiable));

    private static IEnumerable<OpSample> Reduce(
        string op, Func<Tensor, int?, bool, Tensor> all, Func<Tensor, int[], bool, Tensor> some, Domain d) =>
        Reductions.Select(r => new OpSample(
            op,
            $"x{new Shape(r.Shape)} axes {(r.Axes is null ? "all" : $"({string.Join(", ", r.Axes)})")}{(r.KeepDims ? " keepDims" : "")}",
            x => r.Axes is null ? all(x[0], null, r.KeepDims) : some(x[0], r.Axes, r.KeepDims),
            [r.Shape],
            [d]));

    private static IEnumerable<OpSample> LastAxis(string op, Func<Tensor, int, Tensor> f)
    {
        foreach (var s in new int[][] { [5], [2, 4], [2, 3, 4], [8, 16] })
        {
            yield return new(op, $"x{new Shape(s)}", x => f(x[0], -1), [s], [Domain.Any]);
        }
    }

    private static OpSample MatMul(string desc, int[] a, int[] b, bool ta, bool tb) =>
        new("MatMul", desc, x => Tf.MatMul(x[0], x[1], ta, tb), [a, b], [Domain.Any, Domain.Any]);
}
