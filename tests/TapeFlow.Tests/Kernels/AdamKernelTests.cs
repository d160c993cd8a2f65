using TapeFlow.Kernels;

namespace TapeFlow.Tests.Kernels;

[Trait("Category", "Kernels")]
public class AdamKernelTests
{
    [Theory]
    [InlineData(1, false, 1)]
    [InlineData(37, false, 1)]
    [InlineData(37, true, 1)]
    [InlineData(257, true, 1)]
    [InlineData(70_001, false, 2)]
    [InlineData(70_001, true, 2)]
    public void Vector_step_matches_the_scalar_formula(int n, bool amsgrad, int threads)
    {
        var rng = new Random(n);
        double[] w = new double[n], g = new double[n], m = new double[n], v = new double[n], h = new double[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = rng.NextDouble();
            g[i] = rng.NextDouble() - 0.5;
            m[i] = rng.NextDouble() * 0.1;
            v[i] = rng.NextDouble() * 0.01;
            h[i] = rng.NextDouble() * 0.01;
        }
        var (ew, em, ev, eh) = ((double[])w.Clone(), (double[])m.Clone(), (double[])v.Clone(), (double[])h.Clone());
        const double alpha = 0.003, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        for (int i = 0; i < n; i++)
        {
            em[i] = b1 * em[i] + (1 - b1) * g[i];
            ev[i] = b2 * ev[i] + (1 - b2) * g[i] * g[i];
            eh[i] = Math.Max(eh[i], ev[i]);
            ew[i] -= alpha * em[i] / (Math.Sqrt(amsgrad ? eh[i] : ev[i]) + eps);
        }
        int before = Tf.Config.GetIntraOpThreads();
        Tf.Config.SetIntraOpThreads(threads);
        try
        {
            AdamKernel.Step<double>(w, g, m, v, amsgrad ? h : Span<double>.Empty, alpha, b1, b2, eps);
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(ew[i], w[i], 1e-14);
            Assert.Equal(em[i], m[i], 1e-15);
            Assert.Equal(ev[i], v[i], 1e-15);
            if (amsgrad) Assert.Equal(eh[i], h[i], 1e-15);
        }
    }

    [Theory]
    [InlineData(100_003, false)]
    [InlineData(100_003, true)]
    [InlineData(40_000, true)]
    public void Step_split_over_two_threads_has_the_same_bits_as_one_thread(int n, bool amsgrad)
    {
        var rng = new Random(n);
        float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n], h = new float[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = (float)rng.NextDouble();
            g[i] = (float)(rng.NextDouble() - 0.5);
            m[i] = (float)(rng.NextDouble() * 0.1);
            v[i] = (float)(rng.NextDouble() * 0.01);
            h[i] = (float)(rng.NextDouble() * 0.01);
        }
        var one = ((float[])w.Clone(), (float[])m.Clone(), (float[])v.Clone(), (float[])h.Clone());
        var two = ((float[])w.Clone(), (float[])m.Clone(), (float[])v.Clone(), (float[])h.Clone());
        int before = Tf.Config.GetIntraOpThreads();
        try
        {
            Tf.Config.SetIntraOpThreads(1);
            AdamKernel.Step<float>(one.Item1, g, one.Item2, one.Item3, amsgrad ? one.Item4 : Span<float>.Empty, 1e-3f, 0.9f, 0.999f, 1e-7f);
            Tf.Config.SetIntraOpThreads(2);
            AdamKernel.Step<float>(two.Item1, g, two.Item2, two.Item3, amsgrad ? two.Item4 : Span<float>.Empty, 1e-3f, 0.9f, 0.999f, 1e-7f);
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
        Assert.Equal(one.Item1, two.Item1);
        Assert.Equal(one.Item2, two.Item2);
        Assert.Equal(one.Item3, two.Item3);
        Assert.Equal(one.Item4, two.Item4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(35)]
    public void Slots_that_decay_into_the_subnormal_range_are_flushed_to_zero(int n)
    {
        // A weight whose gradient is exactly zero: m and v only decay. Without flushing they would
        // reach the subnormal range and get stuck there (0.9 times a few ulps rounds back to itself).
        float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
        Array.Fill(m, 1e-37f);
        Array.Fill(v, 1.176e-38f);
        AdamKernel.Step<float>(w, g, m, v, Span<float>.Empty, 1e-3f, 0.9f, 0.999f, 1e-7f);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(0.9e-37f, m[i], 1e-44f);
            Assert.Equal(0f, v[i]);
            Assert.False(float.IsSubnormal(w[i]));
        }
        for (int step = 0; step < 40; step++) AdamKernel.Step<float>(w, g, m, v, Span<float>.Empty, 1e-3f, 0.9f, 0.999f, 1e-7f);
        Assert.All(m, x => Assert.Equal(0f, x));
        Assert.All(w, x => Assert.False(float.IsSubnormal(x)));
    }
}
