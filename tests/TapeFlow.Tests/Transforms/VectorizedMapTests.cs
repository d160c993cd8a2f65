namespace TapeFlow.Tests.Transforms;

public class VectorizedMapTests
{
    private static readonly Tensor Elems = Tf.Constant(new double[,] { { 1, 2, 3 }, { -1, 0.5, 2 }, { 0, 0, 1 }, { 2, 2, 2 } });

    /// <summary>Counts calls of f, to tell the vectorised path (trace once) from the loop (trace + once per element).</summary>
    private sealed class Counted(Func<Tensor, Tensor> f)
    {
        public int Calls { get; private set; }

        public Tensor Invoke(Tensor x)
        {
            Calls++;
            return f(x);
        }
    }

    private static void BothAgree(Func<Tensor, Tensor> f, bool vectorised)
    {
        var counted = new Counted(f);
        var fast = Tf.VectorizedMap(counted.Invoke, Elems);
        Check.Same(Tf.MapByLoop(f, Elems), fast, 1e-12);
        Assert.Equal(vectorised ? 1 : 1 + Elems.Shape[0], counted.Calls);
    }

    [Fact]
    public void Element_wise_reductions_and_matmul_are_vectorised_with_the_loops_values()
    {
        var w = Tf.Constant(new double[,] { { 1, 0 }, { 0.5, -1 }, { 2, 3 } });
        BothAgree(x => Tf.Nn.Softmax(Tf.Tanh(x) * 2.0 + Tf.ReduceSum(x)), vectorised: true);
        BothAgree(x => Tf.MatMul(Tf.Reshape(x, 1, 3), w), vectorised: true);
        BothAgree(x => Tf.ReduceMax(Tf.Transpose(Tf.Reshape(x, 3, 1)), 1) - x[0], vectorised: true);
        BothAgree(x => Tf.Concat([x, Tf.OnesLike(x)], 0), vectorised: true);
    }

    [Fact]
    public void Bias_add_and_the_fused_dense_layer_are_vectorised_with_the_loops_values()
    {
        var w = Tf.Constant(new double[,] { { 1, 0 }, { 0.5, -1 }, { 2, 3 } });
        var bias = Tf.Constant(new double[] { -0.5, 0.25 });
        BothAgree(x => Tf.Nn.BiasAdd(Tf.Reshape(x, 1, 3), x), vectorised: true);
        BothAgree(x => TapeFlow.Ops.Registry.FusedMatMulRelu.Call(Tf.Reshape(x, 1, 3), w, bias), vectorised: true);
        BothAgree(x => TapeFlow.Ops.Registry.FusedMatMul.Call(Tf.Transpose(w), Tf.Reshape(x, 3, 1), Tf.Reshape(x[0], 1)), vectorised: true);
        BothAgree(x => TapeFlow.Ops.Registry.FusedMatMulRelu.Call(Tf.Reshape(x, 3, 1), Tf.Reshape(x, 1, 3), null), vectorised: true);
    }

    [Fact]
    public void A_function_that_reads_values_falls_back_to_the_loop()
    {
        // Data-dependent C# control flow: only the loop is right.
        BothAgree(x => x.ToArray<double>()[0] > 0 ? x * 2.0 : -x, vectorised: false);
    }

    [Fact]
    public void A_function_that_draws_random_numbers_falls_back_to_the_loop()
    {
        var counted = new Counted(x => x + Tf.Random.Uniform([3], dtype: DType.Float64));
        var y = Tf.VectorizedMap(counted.Invoke, Elems);
        Assert.Equal(new Shape(4, 3), y.Shape);
        Assert.Equal(5, counted.Calls);
    }

    [Fact]
    public void The_vectorised_map_is_differentiable_like_the_loop()
    {
        Tensor F(Tensor x) => Tf.ReduceSum(Tf.Sin(x) * x);
        var g1 = Tf.Grad(e => Tf.VectorizedMap(F, e))(Elems);
        var g2 = Tf.Grad(e => Tf.MapByLoop(F, e))(Elems);
        Check.Same(g2, g1, 1e-12);
    }

    [Fact]
    public void Captured_variables_get_gradients_through_the_vectorised_map()
    {
        var w = new Variable(Tf.Constant(new double[] { 0.5, -1, 2 }));
        using var tape = new GradientTape();
        var y = Tf.ReduceSum(Tf.VectorizedMap(x => x * w, Elems));
        Check.Close([2, 4.5, 8], tape.Gradient(y, w));
    }

    [Fact]
    public void A_result_independent_of_the_element_is_repeated()
    {
        var y = Tf.VectorizedMap(_ => Tf.Constant(new[] { 7.0 }), Elems);
        Check.Close([7, 7, 7, 7], y);
        Assert.Equal(new Shape(4, 1), y.Shape);
    }
}
