namespace TapeFlow.Tests.Autodiff;

public class ForwardAccumulatorTests
{
    private static void Close(double[] expected, Tensor? actual, double tol = 1e-5)
    {
        Assert.NotNull(actual);
        var a = actual!.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(expected[i] - a[i]) <= tol * (1 + Math.Abs(expected[i])), $"[{i}] expected {expected[i]}, got {a[i]}");
    }

    [Fact]
    public void Forward_over_backward_gives_the_hessian_vector_product_of_tf_docstring()
    {
        // TF's ForwardAccumulator docstring: v = [1, 2], y = Σ v³, tangent [1, 0]
        var v = new Variable(new[] { 1f, 2f });
        Tensor backward;
        using (var acc = new ForwardAccumulator(v, new[] { 1f, 0f }))
        {
            using (var tape = new GradientTape())
            {
                var y = Tf.ReduceSum(Tf.Pow(v, Tf.Constant(3f)));
                tape.Dispose();
                backward = tape.Gradient(y, v)!;
            }
            Close([3, 12], backward);
            Close([6, 0], acc.Jvp(backward));
        }
    }

    [Fact]
    public void Higher_order_jvps_come_from_the_outer_accumulator_as_in_tf_docstring()
    {
        var primal = Tf.Constant(1.1f);
        ForwardAccumulator outer, inner;
        Tensor primalOut;
        using (outer = new ForwardAccumulator(primal, Tf.Constant(1f)))
        using (inner = new ForwardAccumulator(primal, Tf.Constant(1f)))
        {
            primalOut = Tf.Pow(primal, Tf.Constant(3.5f));
        }
        var innerJvp = inner.Jvp(primalOut)!;
        Close([4.4417057], innerJvp);                  // 3.5 · 1.1^2.5
        Close([10.094786], outer.Jvp(innerJvp));       // 3.5 · 2.5 · 1.1^1.5
        Assert.Null(inner.Jvp(outer.Jvp(primalOut)!)); // the reverse order does not work, as TF says
    }

    [Fact]
    public void Jvp_of_a_linear_regression_loss_matches_the_gradient_column_as_in_tf_docstring()
    {
        var x = Tf.Constant(new float[,] { { 2, 3 }, { 1, 4 } });
        var targets = Tf.Constant(new float[,] { { 1 }, { -1 } });
        var kernel = new Variable(Tf.Constant(new float[,] { { 0.5f }, { -0.25f } }), "kernel");
        var bias = new Variable(Tf.Constant(new[] { 0.1f }), "bias");
        Tensor Loss() => Tf.ReduceSum(Tf.Square(Tf.MatMul(x, kernel) + bias - targets));
        var fprop = new List<double>();
        foreach (var tangent in new[] { new float[,] { { 1 }, { 0 } }, new float[,] { { 0 }, { 1 } } })
        {
            using var acc = new ForwardAccumulator(kernel, Tf.Constant(tangent));
            fprop.Add(acc.Jvp(Loss())!.ToScalar<double>());
        }
        double biasFprop;
        using (var acc = new ForwardAccumulator(bias, Tf.Constant(new[] { 1f })))
        {
            biasFprop = acc.Jvp(Loss())!.ToScalar<double>();
        }
        using var tape = new GradientTape();
        var loss = Loss();
        var grads = tape.Gradient(loss, [kernel, bias]);
        Close([.. fprop], grads[0]);
        Close([biasFprop], grads[1]);
        // By hand: residual r = x k + b - t = [0.35 - 1, -0.4 + 1] = [-0.65, 0.6]; dL/dk = 2 xᵀ r, dL/db = 2 Σ r
        Close([2 * (2 * -0.65 + 1 * 0.6), 2 * (3 * -0.65 + 4 * 0.6)], grads[0]);
        Close([2 * (-0.65 + 0.6)], grads[1]);
    }

    [Fact]
    public void Jvp_of_tanh_matches_jax_grad_of_tanh_at_two()
    {
        var x = Tf.Constant(new[] { 2.0 });
        using var acc = new ForwardAccumulator(x, Tf.Constant(new[] { 1.0 }));
        var y = Tf.Tanh(x);
        Close([0.07065082485316443], acc.Jvp(y), 1e-12);
    }

    [Fact]
    public void Third_order_forward_mode_derivative_of_tanh_comes_from_three_nested_accumulators()
    {
        var x = Tf.Constant(new[] { 2.0 });
        ForwardAccumulator a1, a2, a3;
        Tensor y;
        using (a1 = new ForwardAccumulator(x, Tf.Constant(new[] { 1.0 })))
        using (a2 = new ForwardAccumulator(x, Tf.Constant(new[] { 1.0 })))
        using (a3 = new ForwardAccumulator(x, Tf.Constant(new[] { 1.0 })))
        {
            y = Tf.Tanh(x);
        }
        var d1 = a3.Jvp(y)!;
        var d2 = a2.Jvp(d1)!;
        var d3 = a1.Jvp(d2)!;
        Close([0.07065082485316443], d1, 1e-12);
        Close([-0.13621868742711296], d2, 1e-12);
        Close([0.25265406509806265], d3, 1e-12);
    }

    [Fact]
    public void Backward_over_forward_differentiates_the_jvp_with_an_outer_tape()
    {
        // f(x) = Σ sin(x) x;  Jv = Σ (cos x · x + sin x) v;  d/dx of that = (-sin x · x + 2 cos x) v
        var x = Tf.Constant(new[] { 0.3, -1.2 });
        var v = Tf.Constant(new[] { 1.0, 2.0 });
        using var tape = new GradientTape();
        tape.Watch(x);
        Tensor jvp;
        using (var acc = new ForwardAccumulator(x, v))
        {
            jvp = acc.Jvp(Tf.ReduceSum(Tf.Sin(x) * x))!;
        }
        var g = tape.Gradient(jvp, x);
        Close([(-Math.Sin(0.3) * 0.3 + 2 * Math.Cos(0.3)) * 1, (-Math.Sin(-1.2) * -1.2 + 2 * Math.Cos(-1.2)) * 2], g, 1e-12);
    }

    [Fact]
    public void Jvp_is_a_lookup_that_works_after_dispose_but_no_new_jvps_are_computed()
    {
        var x = Tf.Constant(new[] { 1.0, 2.0 });
        var acc = new ForwardAccumulator(x, Tf.Constant(new[] { 1.0, 1.0 }));
        var y = x * x;
        acc.Dispose();
        var z = x * x;
        Close([2, 4], acc.Jvp(y));
        Assert.Null(acc.Jvp(z));
        Close([0, 0], acc.Jvp(z, UnconnectedGradients.Zero));
        Close([1, 1], acc.Jvp(x));
        Assert.False(acc.IsRecording);
    }

    [Fact]
    public void Unwatched_tensors_have_no_jvp_unless_zero_is_asked()
    {
        var x = Tf.Constant(new[] { 1.0 });
        var w = Tf.Constant(new[] { 3.0 });
        using var acc = new ForwardAccumulator(x, Tf.Constant(new[] { 1.0 }));
        var y = w * 2.0;
        Assert.Null(acc.Jvp(y));
        Close([0], acc.Jvp(y, UnconnectedGradients.Zero));
    }

    [Fact]
    public void A_primal_given_twice_raises_tf_value_error()
    {
        var x = Tf.Constant(1f);
        var e = Assert.ThrowsAny<ArgumentException>(() => new ForwardAccumulator([x, x], [Tf.Constant(1f), Tf.Constant(2f)]));
        Assert.Contains("was specified as a primal multiple times. This may indicate an error. If it was intended, please sum the corresponding tangents.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tangent_of_the_wrong_shape_or_dtype_is_rejected_naming_both()
    {
        var x = Tf.Constant(new[] { 1f, 2f });
        var shape = Assert.ThrowsAny<ArgumentException>(() => new ForwardAccumulator(x, Tf.Constant(new[] { 1f, 2f, 3f })));
        Assert.Contains("shape (3,)", shape.Message, StringComparison.Ordinal);
        Assert.Contains("(2,)", shape.Message, StringComparison.Ordinal);
        var dtype = Assert.ThrowsAny<ArgumentException>(() => new ForwardAccumulator(x, Tf.Constant(new[] { 1.0, 2.0 })));
        Assert.Contains("float64", dtype.Message, StringComparison.Ordinal);
        Assert.Contains("float32", dtype.Message, StringComparison.Ordinal);
        Assert.Equal(0, TapeFlow.Autodiff.Engine.AccumulatorCount);
    }

    [Fact]
    public void A_tape_inside_an_accumulator_does_not_record_its_jvp_computation()
    {
        var x = Tf.Constant(new[] { 1.0, 2.0 });
        using var acc = new ForwardAccumulator(x, Tf.Constant(new[] { 1.0, 0.0 }));
        using var tape = new GradientTape();
        tape.Watch(x);
        _ = Tf.Sin(x);
        Assert.Equal(1, tape.NodeCount); // Sin only, not Cos/Mul of its JVP
    }

    [Fact]
    public void Jvps_through_reductions_matmul_softmax_and_array_ops_match_by_hand_values()
    {
        var a = Tf.Constant(new double[,] { { 1, 2 }, { 3, 4 } });
        var ta = Tf.Constant(new double[,] { { 1, 0 }, { 0, 1 } });
        using var acc = new ForwardAccumulator(a, ta);
        Close([1, 1], acc.Jvp(Tf.ReduceSum(a, 0)));
        Close([0, 1], acc.Jvp(Tf.ReduceMax(a, 0)));
        Close([1, 0, 0, 1], acc.Jvp(Tf.Transpose(a)));
        Close([2, 4, 6, 8], acc.Jvp(Tf.MatMul(a, a)));           // ta·a + a·ta = 2a for ta = I
        Close([0, 1], acc.Jvp(Tf.Slice(a, [0, 1], [2, 1])));
        Close([2, 3], acc.Jvp(Tf.ReduceProd(a, 1)));              // [1·2 + 1·0, 0·4 + 3·1]
        var z = Tf.Constant(new[] { 0.0, 0.0 });
        using var acc2 = new ForwardAccumulator(z, Tf.Constant(new[] { 1.0, 0.0 }));
        Close([0.25, -0.25], acc2.Jvp(Tf.Nn.Softmax(z)));        // (diag(y) - y yᵀ) t with y = [½, ½]
        Close([0.5, -0.5], acc2.Jvp(Tf.Nn.LogSoftmax(z)));       // t - Σ y t
    }
}
