using TapeFlow.Kernels;

namespace TapeFlow.Tests.Kernels;

/// <summary>
/// The multi-variable Adam step (one range over all of a step's variables, cut across variable boundaries) must give
/// each variable the bits of its own single-variable step, on one thread and on two, with and without AMSGrad.
/// </summary>
[Trait("Category", "Kernels")]
public class AdamManyTests
{
    // A training step's mix: a large weight, biases, a tiny last layer, and sizes that are not multiples of 256.
    private static readonly int[] Sizes = [200_704, 256, 32_768, 128, 8_192, 1, 2_048, 333, 320, 10];

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void Each_variable_gets_the_bits_of_its_own_step(bool amsgrad, int threads)
    {
        var rng = new Random(7);
        var joined = new List<AdamBuffers<float>>();
        var alone = new List<AdamBuffers<float>>();
        foreach (int n in Sizes)
        {
            float[] w = Fill(rng, n, 1), g = Fill(rng, n, 0.5f), m = Fill(rng, n, 0.1f), v = Fill(rng, n, 0.01f), h = Fill(rng, n, 0.01f);
            v.AsSpan().Reverse(); // v differs from h, so AMSGrad's max matters
            joined.Add(new(w, g, m, v, amsgrad ? h : null));
            alone.Add(new((float[])w.Clone(), g, (float[])m.Clone(), (float[])v.Clone(), amsgrad ? (float[])h.Clone() : null));
        }
        const float alpha = 0.003f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
        int before = Tf.Config.GetIntraOpThreads();
        try
        {
            Tf.Config.SetIntraOpThreads(1);
            foreach (var b in alone) AdamKernel.Step<float>(b.W, b.G, b.M, b.V, b.VHat, alpha, b1, b2, eps);
            Tf.Config.SetIntraOpThreads(threads);
            for (int step = 0; step < 2; step++)
            {
                // The second step runs on the state of the first: both lists must still agree after it.
                AdamMany<float>.Step(joined, alpha, b1, b2, eps);
                if (step == 0) Compare(joined, alone);
                else
                {
                    Tf.Config.SetIntraOpThreads(1);
                    foreach (var b in alone) AdamKernel.Step<float>(b.W, b.G, b.M, b.V, b.VHat, alpha, b1, b2, eps);
                    Compare(joined, alone);
                }
            }
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
    }

    [Fact]
    public void Buffers_of_different_lengths_are_reported_with_the_variable()
    {
        var bad = new List<AdamBuffers<float>> { new(new float[4], new float[4], new float[4], new float[4], null), new(new float[3], new float[2], new float[3], new float[3], null) };
        var e = Assert.Throws<ArgumentException>(() => AdamMany<float>.Step(bad, 0.1f, 0.9f, 0.999f, 1e-7f));
        Assert.Contains("variable 1", e.Message);
        Assert.Contains("g 2", e.Message);
    }

    private static float[] Fill(Random rng, int n, float scale)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() - 0.25) * scale;
        return a;
    }

    private static void Compare(List<AdamBuffers<float>> joined, List<AdamBuffers<float>> alone)
    {
        for (int k = 0; k < joined.Count; k++)
        {
            Same(alone[k].W, joined[k].W, $"w of variable {k}");
            Same(alone[k].M, joined[k].M, $"m of variable {k}");
            Same(alone[k].V, joined[k].V, $"v of variable {k}");
            if (alone[k].VHat is { } h) Same(h, joined[k].VHat!, $"vhat of variable {k}");
        }
    }

    private static void Same(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{what}, element {i}: {actual[i]} against {expected[i]}");
        }
    }
}
