using TapeFlow.Keras.Optimizers;
using TapeFlow.Keras.Optimizers.Schedules;

namespace TapeFlow.Keras.Tests;

/// <summary>
/// Every optimizer option against Keras's update formula, three steps from w = [1, -2] with the fixed gradients
/// [0.5, -1], [0.2, 0.4], [-0.3, 0.1] and learning rate 0.1. Expected values were computed by hand from the formulas
/// (checked in numpy float64).
/// </summary>
public class OptimizerTests
{
    private static readonly double[][] Grads = [[0.5, -1.0], [0.2, 0.4], [-0.3, 0.1]];

    private static double[] ThreeSteps(Optimizer optimizer, DType dtype = DType.Float64)
    {
        var w = new Variable(Tf.Cast(Tf.Constant(new[] { 1.0, -2.0 }), dtype), "w");
        foreach (var g in Grads) optimizer.ApplyGradients([(Tf.Cast(Tf.Constant(g), dtype), w)]);
        Assert.Equal(3, optimizer.Iterations);
        return w.ToArray<double>();
    }

    public static TheoryData<string, Func<Optimizer>, double, double> Cases => new()
    {
        { "sgd", () => new SGD(0.1), 0.96, -1.95 },
        { "sgd momentum", () => new SGD(0.1, momentum: 0.9), 0.8565, -1.815 },
        { "sgd nesterov", () => new SGD(0.1, momentum: 0.9, nesterov: true), 0.83085, -1.7835 },
        { "adam", () => new Adam(0.1), 0.7805884577931493, -1.8447503771518543 },
        { "adam beta2 0.5", () => new Adam(0.1, beta2: 0.5), 0.763354910427877, -1.8310267609944388 },
        { "adam amsgrad beta2 0.5", () => new Adam(0.1, beta2: 0.5, amsgrad: true), 0.7883774046441387, -1.8506847829795459 },
        { "adamw", () => new AdamW(0.1), 0.7795048640203178, -1.8424451449642334 },
        { "adamw strong decay", () => new AdamW(0.1, weightDecay: 0.5), 0.6522062457576878, -1.5709783704834654 },
        { "adam weightDecay", () => new Adam(0.1, weightDecay: 0.5), 0.6522062457576878, -1.5709783704834654 },
        { "rmsprop", () => new RMSprop(0.1), 0.7264350006650555, -1.8388391721261361 },
        { "rmsprop momentum", () => new RMSprop(0.1, momentum: 0.5), 0.4278352547136689, -1.6630979489060618 },
        { "rmsprop centered", () => new RMSprop(0.1, centered: true), 0.7002686705340088, -1.8234151917452979 },
        { "rmsprop centered momentum", () => new RMSprop(0.1, momentum: 0.5, centered: true), 0.383266855468401, -1.6355822878177526 },
        { "adagrad", () => new Adagrad(0.1), 0.9267602256242834, -1.9491621409950788 },
        { "sgd clipnorm", () => new SGD(0.1, clipnorm: 0.5), 0.9876393202250021, -2.0052786404500043 },
        { "sgd clipvalue", () => new SGD(0.1, clipvalue: 0.25), 0.98, -2.01 },
        { "sgd weightDecay", () => new SGD(0.1, weightDecay: 0.1), 0.931494, -1.892188 },
        { "sgd exponential decay schedule", () => new SGD(new ExponentialDecay(0.1, decaySteps: 1, decayRate: 0.5)), 0.9475, -1.9225 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Optimizer_matches_the_formula_for_three_steps_in_float64(string option, Func<Optimizer> make, double w0, double w1)
    {
        var w = ThreeSteps(make());
        Assert.True(Math.Abs(w[0] - w0) < 1e-12 && Math.Abs(w[1] - w1) < 1e-12, $"{option}: got [{w[0]:R}, {w[1]:R}], expected [{w0:R}, {w1:R}]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Optimizer_matches_the_formula_for_three_steps_in_float32(string option, Func<Optimizer> make, double w0, double w1)
    {
        var w = ThreeSteps(make(), DType.Float32);
        Assert.True(Math.Abs(w[0] - w0) < 2e-6 && Math.Abs(w[1] - w1) < 2e-6, $"{option}: got [{w[0]:R}, {w[1]:R}], expected [{w0:R}, {w1:R}]");
    }

    [Fact]
    public void Global_clipnorm_scales_all_gradients_by_their_joint_norm()
    {
        var opt = new SGD(0.1, globalClipnorm: 1.0);
        var a = new Variable(Tf.Constant(new[] { 1.0, -2.0 }));
        var b = new Variable(Tf.Constant(new[] { 3.0 }));
        double[][] gb = [[2.0], [-0.1], [1.0]];
        for (int t = 0; t < 3; t++) opt.ApplyGradients([(Tf.Constant(Grads[t]), a), (Tf.Constant(gb[t]), b)]);
        var wa = a.ToArray<double>();
        Assert.Equal(0.9867820886537685, wa[0], 12);
        Assert.Equal(-2.0058910478452576, wa[1], 12);
        Assert.Equal(2.8273665849810437, b.ToArray<double>()[0], 12);
    }

    [Fact]
    public void Adam_first_step_moves_every_weight_by_the_learning_rate()
    {
        // At t = 1, m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g) (Keras's documented behaviour).
        var w = new Variable(Tf.Constant(new[] { 1.0, 1.0 }));
        new Adam(0.01).ApplyGradients([(Tf.Constant(new[] { 3.0, -0.5 }), w)]);
        var v = w.ToArray<double>();
        Assert.Equal(0.99, v[0], 6);
        Assert.Equal(1.01, v[1], 6);
    }

    [Fact]
    public void Only_one_clipping_option_may_be_set()
    {
        var e = Assert.Throws<ArgumentException>(() => new SGD(clipnorm: 1, clipvalue: 1));
        Assert.Contains("At most one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Adam(clipnorm: 1, globalClipnorm: 1));
        Assert.Throws<ArgumentException>(() => new RMSprop(clipvalue: 1, globalClipnorm: 1));
    }

    [Fact]
    public void Unsupported_or_invalid_options_throw_instead_of_being_ignored()
    {
        Assert.Throws<ArgumentException>(() => new SGD(0.1, momentum: 0, nesterov: true));
        Assert.Throws<ArgumentException>(() => new SGD(0.1, momentum: 1.5));
        Assert.Throws<ArgumentException>(() => new SGD(-0.1));
        Assert.Throws<ArgumentException>(() => new Adam(beta1: 1.0));
        Assert.Throws<ArgumentException>(() => new RMSprop(rho: -0.1));
        Assert.Throws<ArgumentException>(() => new Adagrad(initialAccumulatorValue: -1));
        Assert.Throws<ArgumentException>(() => new AdamW(weightDecay: -0.1));
        Assert.Throws<ArgumentException>(() => new SGD(clipnorm: 0));
        Assert.Throws<ArgumentException>(() => new CosineDecay(0.1, 10, warmupSteps: 5));
        Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([10, 5], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([10], [1]));
    }

    [Fact]
    public void Keras_defaults_are_used()
    {
        Assert.Equal(0.01, new SGD().LearningRate);
        var adam = new Adam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        Assert.Equal(0.004, new AdamW().WeightDecay);
        var rms = new RMSprop();
        Assert.Equal((0.001, 0.9, 0.0, 1e-7, false), (rms.LearningRate, rms.Rho, rms.Momentum, rms.Epsilon, rms.Centered));
        var ada = new Adagrad();
        Assert.Equal((0.001, 0.1, 1e-7), (ada.LearningRate, ada.InitialAccumulatorValue, ada.Epsilon));
    }

    [Fact]
    public void Decaying_slots_flush_subnormals_to_zero_as_tf_does()
    {
        // One real gradient, then exact zeros (a dead ReLU unit): every decaying slot must reach 0,
        // not stick at a subnormal value that sends each later update through the CPU's slow path.
        foreach (var (opt, slots) in new (Optimizer, string[])[]
        {
            (new Adam(beta2: 0.9), ["m", "v"]),
            (new SGD(0.01, momentum: 0.5), ["momentum"]),
            (new RMSprop(rho: 0.5, momentum: 0.5, centered: true), ["velocity", "momentum", "average_gradient"]),
        })
        {
            var w = new Variable(Tf.Fill([18], 1f));
            var one = Tf.Fill([18], 1f);
            opt.ApplyGradients([(one, w)]);
            var zero = Tf.Zeros([18]);
            for (int i = 0; i < 2000; i++) opt.ApplyGradients([(zero, w)]);
            foreach (var name in slots)
            {
                Assert.All(opt.GetSlot(w, name)!.ToArray<float>(), x => Assert.Equal(0f, x));
            }
        }
    }

    [Fact]
    public void Slots_are_created_per_variable_with_their_initial_values()
    {
        var w = new Variable(Tf.Constant(new[] { 1.0, -2.0 }));
        var opt = new Adagrad(0.1);
        Assert.Null(opt.GetSlot(w, "accumulator"));
        opt.ApplyGradients([(Tf.Constant(new[] { 0.5, -1.0 }), w)]);
        Assert.Equal(new[] { 0.1 + 0.25, 0.1 + 1.0 }, opt.GetSlot(w, "accumulator")!.ToArray<double>());
        var adam = new Adam(amsgrad: true);
        adam.ApplyGradients([(Tf.Constant(new[] { 0.5, -1.0 }), w)]);
        Assert.Equal(new[] { "m", "v", "vhat" }, adam.GetSlotNames(w));
    }

    [Fact]
    public void A_null_gradient_is_skipped_and_all_null_throws()
    {
        var a = new Variable(Tf.Constant(new[] { 1.0 }));
        var b = new Variable(Tf.Constant(new[] { 2.0 }));
        var opt = new SGD(0.1);
        opt.ApplyGradients([(Tf.Constant(new[] { 1.0 }), a), (null, b)]);
        Assert.Equal(0.9, a.ToArray<double>()[0], 12);
        Assert.Equal(2.0, b.ToArray<double>()[0]);
        var e = Assert.Throws<ArgumentException>(() => opt.ApplyGradients([(null, a)]));
        Assert.Equal("No gradients provided for any variable.", e.Message);
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_is_an_error_naming_the_variable()
    {
        var w = new Variable(Tf.Constant(new[] { 1.0, 2.0 }), "w");
        var e = Assert.Throws<ArgumentException>(() => new SGD().ApplyGradients([(Tf.Constant(new[] { 1.0 }), w)]));
        Assert.Contains("'w:0'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_the_learning_rate_replaces_a_schedule()
    {
        var opt = new SGD(new ExponentialDecay(0.1, 1, 0.5));
        Assert.NotNull(opt.Schedule);
        opt.LearningRate = 0.3;
        Assert.Null(opt.Schedule);
        Assert.Equal(0.3, opt.LearningRate);
    }

    [Fact]
    public void Exponential_decay_follows_the_formula_with_and_without_staircase()
    {
        var smooth = new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.96);
        Assert.Equal(0.1 * Math.Pow(0.96, 1.5), smooth.Call(15), 15);
        var stairs = new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.96, staircase: true);
        Assert.Equal(0.1 * 0.96, stairs.Call(15), 15);
        Assert.Equal(0.1, stairs.Call(9), 15);
    }

    [Fact]
    public void Piecewise_constant_decay_matches_the_keras_docs_example()
    {
        // Keras docs: boundaries [100000, 110000], values [1.0, 0.5, 0.1]: 1.0 for the first 100001 steps, 0.5 for the next 10000, then 0.1.
        var s = new PiecewiseConstantDecay([100000, 110000], [1.0, 0.5, 0.1]);
        Assert.Equal(1.0, s.Call(0));
        Assert.Equal(1.0, s.Call(100000));
        Assert.Equal(0.5, s.Call(100001));
        Assert.Equal(0.5, s.Call(110000));
        Assert.Equal(0.1, s.Call(110001));
    }

    [Fact]
    public void Cosine_decay_follows_the_formula_and_holds_the_floor_after_decay_steps()
    {
        var s = new CosineDecay(0.1, decaySteps: 10, alpha: 0.1);
        Assert.Equal(0.1, s.Call(0), 15);
        Assert.Equal(0.055, s.Call(5), 15);
        Assert.Equal(0.01, s.Call(10), 15);
        Assert.Equal(0.01, s.Call(20), 15);
        var warm = new CosineDecay(0.1, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 4);
        Assert.Equal(0.15, warm.Call(2), 15);
        Assert.Equal(0.2, warm.Call(4), 15);
        Assert.Equal(0.1, warm.Call(9), 15);
        Assert.Equal(0.0, warm.Call(30), 15);
    }

    [Fact]
    public void Inverse_time_decay_follows_the_formula()
    {
        Assert.Equal(0.1 / (1 + 0.5 * 2.5), new InverseTimeDecay(0.1, 2, 0.5).Call(5), 15);
        Assert.Equal(0.1 / (1 + 0.5 * 2), new InverseTimeDecay(0.1, 2, 0.5, staircase: true).Call(5), 15);
    }

    [Fact]
    public void Optimizer_names_give_keras_defaults()
    {
        Assert.IsType<Adam>(OptimizerNames.Get("adam"));
        Assert.IsType<SGD>(OptimizerNames.Get("SGD"));
        Assert.IsType<RMSprop>(OptimizerNames.Get("rmsprop"));
        Assert.IsType<Adagrad>(OptimizerNames.Get("adagrad"));
        Assert.IsType<AdamW>(OptimizerNames.Get("adamw"));
        Assert.Throws<ArgumentException>(() => OptimizerNames.Get("adamax"));
    }

    [Fact]
    public void Updates_are_in_place_and_bump_the_variable_version()
    {
        var w = new Variable(Tf.Constant(new[] { 1.0f }));
        int before = w.Version;
        new SGD(0.5).ApplyGradients([(Tf.Constant(new[] { 1.0f }), w)]);
        Assert.Equal(0.5f, w.ToArray<float>()[0]);
        Assert.True(w.Version > before);
    }
}
