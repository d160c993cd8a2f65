namespace TapeFlow.Tests.Kernels;

/// <summary>Large element-wise ops run in aligned ranges on the intra-op pool: the values must not depend on the thread count.</summary>
[Trait("Category", "Kernels")]
public class ElementwiseSplitTests
{
    // Not a multiple of the 256-element range alignment, and large enough to split into four ranges on two threads.
    private const int N = 100_003;

    private static readonly (string Name, Func<Tensor, Tensor, Tensor> Op)[] Ops =
    [
        ("a + b", (a, b) => Tf.Add(a, b)),
        ("a * 2.5", (a, _) => Tf.Multiply(a, Tf.Constant(2.5f))),
        ("1 - b", (_, b) => Tf.Subtract(Tf.Constant(1f), b)),
        ("exp(a)", (a, _) => Tf.Exp(a)),
        ("relu(b)", (_, b) => Tf.Nn.Relu(b)),
        ("tanh(a + b)", (a, b) => Tf.Tanh(Tf.Add(a, b))),
        ("relugrad(a, b)", (a, b) => TapeFlow.Ops.Registry.ReluGrad.Call(a, b)),
    ];

    [Fact]
    public void Split_ops_have_the_bits_of_one_thread_and_the_scalar_values()
    {
        var rng = new Random(3);
        var av = new float[N];
        var bv = new float[N];
        for (int i = 0; i < N; i++)
        {
            av[i] = (float)(rng.NextDouble() * 4 - 2);
            bv[i] = (float)(rng.NextDouble() * 4 - 2);
        }
        var a = Tf.Constant(av);
        var b = Tf.Constant(bv);
        int before = Tf.Config.GetIntraOpThreads();
        try
        {
            foreach (var (name, op) in Ops)
            {
                Tf.Config.SetIntraOpThreads(1);
                var one = op(a, b).ToArray<float>();
                Tf.Config.SetIntraOpThreads(2);
                var two = op(a, b).ToArray<float>();
                Assert.True(one.AsSpan().SequenceEqual(two), $"{name}: 2 threads differ from 1");
                for (int i = 0; i < N; i += 997)
                {
                    double x = av[i], y = bv[i];
                    double expected = name switch
                    {
                        "a + b" => x + y,
                        "a * 2.5" => x * 2.5,
                        "1 - b" => 1 - y,
                        "exp(a)" => Math.Exp(x),
                        "relu(b)" => Math.Max(y, 0),
                        "relugrad(a, b)" => y > 0 ? x : 0,
                        _ => Math.Tanh((float)(x + y)),
                    };
                    Assert.True(Math.Abs(two[i] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{name} at {i}: {two[i]}, expected {expected}");
                }
            }
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
    }
}
