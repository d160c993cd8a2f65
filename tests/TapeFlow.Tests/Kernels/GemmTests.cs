using TapeFlow.Kernels;

namespace TapeFlow.Tests.Kernels;

[Trait("Category", "Kernels")]
public class GemmTests
{
    // Edges of every tile and block size: 1, odd, one below / at / above MR (4, 6, 8), NR (4, 16, 32), and KC.
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        int[] ms = [1, 2, 5, 6, 7, 8, 9, 13, 33];
        int[] ns = [1, 3, 16, 31, 32, 33, 65];
        int[] ks = [1, 4, 17, 100];
        foreach (int m in ms)
        {
            foreach (int n in ns)
            {
                foreach (int k in ks) data.Add(m, n, k);
            }
        }
        data.Add(64, 100, 257);
        data.Add(7, 9, 700);   // more than one depth block
        data.Add(1300, 3, 5); // more than one row block
        data.Add(3, 900, 9);  // more than one column block
        data.Add(20, 80, 250); // a transposed A too deep to read in place over many columns: packed six rows per step
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float_product_matches_the_naive_loop_for_every_transpose(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true }) CheckFloat(m, n, k, ta, tb, offset: 3);
        }
    }

    // Products the 12-row AVX-512 kernel takes (tall and at least 32 deep): whole 12-row panels (12, 24), edge panels of
    // one, four and eight rows (25, 100, 20: a transposed A's 8-row edge once went through the 8-row kernel's packing
    // and came out at the wrong stride), one to three depth blocks of 256, and NR edges.
    public static TheoryData<int, int, int> TallShapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in new[] { 12, 20, 24, 25, 100 })
        {
            foreach (int n in new[] { 1, 31, 32, 33, 65 })
            {
                foreach (int k in new[] { 32, 257, 600 }) data.Add(m, n, k);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TallShapes))]
    public void Tall_products_match_the_naive_loop_for_every_transpose(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true }) CheckFloat(m, n, k, ta, tb, offset: 1);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Double_product_matches_the_naive_loop_for_every_transpose(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                var rng = new Random(m * 1000 + n * 10 + k);
                var a = RandomDoubles(rng, m * k + 2);
                var b = RandomDoubles(rng, k * n + 2);
                var c = new double[m * n + 2];
                Gemm.Run(a, 2, b, 2, c, 2, m, n, k, ta, tb);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double expected = 0;
                        for (int p = 0; p < k; p++) expected += At(a, 2, m, k, i, p, ta) * At(b, 2, k, n, p, j, tb);
                        Assert.Equal(expected, c[2 + i * n + j], 1e-10);
                    }
                }
            }
        }
    }

    [Fact]
    public void Blocks_beyond_L2_over_several_column_blocks_match_the_naive_loop_at_sampled_entries()
    {
        // 400 x 384 of A is more than the driver keeps in L2 for in-place reading, and 800 columns span several B
        // blocks (768 floats, 384 doubles), so row-major A goes through full-panel packing. The full naive product
        // would cost seconds per transpose; 300 sampled entries check every panel position with high probability.
        const int m = 400, n = 800, k = 384;
        var rng = new Random(11);
        var af = RandomFloats(rng, m * k);
        var bf = RandomFloats(rng, k * n);
        var ad = Array.ConvertAll(af, v => (double)v);
        var bd = Array.ConvertAll(bf, v => (double)v);
        int before = Tf.Config.GetIntraOpThreads();
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                var cf = new float[m * n];
                var cd = new double[m * n];
                Tf.Config.SetIntraOpThreads(1); // one thread: a split product's column slabs are narrower than a B block
                try
                {
                    Gemm.Run(af, 0, bf, 0, cf, 0, m, n, k, ta, tb);
                    Gemm.Run(ad, 0, bd, 0, cd, 0, m, n, k, ta, tb);
                }
                finally
                {
                    Tf.Config.SetIntraOpThreads(before);
                }
                for (int s = 0; s < 300; s++)
                {
                    int i = rng.Next(m), j = rng.Next(n);
                    double expected = 0;
                    for (int p = 0; p < k; p++) expected += At(ad, 0, m, k, i, p, ta) * At(bd, 0, k, n, p, j, tb);
                    Assert.Equal(expected, cd[i * n + j], 1e-9);
                    Assert.Equal(expected, cf[i * n + j], 1e-3);
                }
            }
        }
    }

    [Theory]
    [InlineData(5, 7, 3)]
    [InlineData(13, 33, 17)]
    public void Int_product_is_exact(int m, int n, int k)
    {
        var rng = new Random(7);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.Next(-9, 10)).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.Next(-9, 10)).ToArray();
        var c = new int[m * n];
        Gemm.Run(a, 0, b, 0, c, 0, m, n, k, false, true);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int expected = 0;
                for (int p = 0; p < k; p++) expected += a[i * k + p] * b[j * k + p];
                Assert.Equal(expected, c[i * n + j]);
            }
        }
    }

    [Fact]
    public void Empty_depth_gives_zeros_and_empty_output_writes_nothing()
    {
        var c = new float[] { 5, 5, 5, 5, 9 };
        Gemm.Run(Array.Empty<float>(), 0, Array.Empty<float>(), 0, c, 0, 2, 2, 0, false, false);
        Assert.Equal(new float[] { 0, 0, 0, 0, 9 }, c);
        Gemm.Run(Array.Empty<float>(), 0, new float[3], 0, c, 0, 0, 3, 1, false, false);
        Assert.Equal(new float[] { 0, 0, 0, 0, 9 }, c);
    }

    [Theory]
    [InlineData(64, 256, 784, false, false)] // more columns than rows: four column chunks per thread
    [InlineData(784, 256, 64, true, false)] // more rows than columns: one row share per thread
    [InlineData(64, 784, 256, false, true)]
    [InlineData(136, 520, 96, true, false)] // a column split of Aᵀ: one chunk per thread, with an edge tile
    [InlineData(300, 20, 200, false, false)]
    [InlineData(64, 64, 128, false, false)] // too few columns to split them: rows
    [InlineData(128, 64, 64, true, false)]
    [InlineData(4000, 64, 40, false, false)]
    [InlineData(1100, 40, 2000, false, false)]
    public void Product_split_over_two_threads_matches_the_naive_loop(int m, int n, int k, bool ta, bool tb)
    {
        int before = Tf.Config.GetIntraOpThreads();
        Tf.Config.SetIntraOpThreads(2);
        try
        {
            CheckFloat(m, n, k, ta, tb, offset: 0);
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
    }

    [Theory]
    [InlineData(64, 256, 784, false, false)]
    [InlineData(784, 256, 64, true, false)]
    [InlineData(64, 784, 256, false, true)]
    [InlineData(300, 20, 200, false, false)]
    [InlineData(257, 129, 333, true, true)]
    [InlineData(64, 1000, 100, false, false)] // one thread packs A (columns beyond one B block), each thread's slab reads it in place
    [InlineData(1100, 40, 2000, false, false)] // A over 8 MB: one row share per thread
    [InlineData(2000, 24, 1100, true, false)]
    [InlineData(128, 64, 64, true, false)] // a small row split: one chunk per thread
    [InlineData(4000, 64, 40, false, true)]
    [InlineData(136, 520, 96, true, false)] // a column split of Aᵀ
    [InlineData(520, 136, 96, false, true)] // rows outnumber columns: row shares
    public void Product_split_over_two_threads_has_the_same_bits_as_one_thread(int m, int n, int k, bool ta, bool tb)
    {
        var rng = new Random(m + n + k);
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() * 2 - 1);
        var one = new float[m * n];
        var two = new float[m * n];
        int before = Tf.Config.GetIntraOpThreads();
        try
        {
            Tf.Config.SetIntraOpThreads(1);
            Gemm.Run(a, 0, b, 0, one, 0, m, n, k, ta, tb);
            Tf.Config.SetIntraOpThreads(2);
            Gemm.Run(a, 0, b, 0, two, 0, m, n, k, ta, tb);
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(before);
        }
        Assert.Equal(one, two);
    }

    [Fact]
    public void Repeated_products_into_the_same_output_overwrite_it()
    {
        var a = new float[40 * 50];
        var b = new float[50 * 60];
        Array.Fill(a, 1f);
        Array.Fill(b, 2f);
        var c = new float[40 * 60];
        Gemm.Run(a, 0, b, 0, c, 0, 40, 60, 50, false, false);
        Gemm.Run(a, 0, b, 0, c, 0, 40, 60, 50, false, false);
        Assert.All(c, v => Assert.Equal(100f, v));
    }

    private static void CheckFloat(int m, int n, int k, bool ta, bool tb, int offset)
    {
        var rng = new Random(m * 7919 + n * 31 + k);
        var a = new float[m * k + offset];
        var b = new float[k * n + offset];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() * 2 - 1);
        var c = new float[m * n + offset];
        Array.Fill(c, float.NaN); // the product must overwrite, never read, C
        Gemm.Run(a, offset, b, offset, c, offset, m, n, k, ta, tb);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0, scale = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = At(a, offset, m, k, i, p, ta) * (double)At(b, offset, k, n, p, j, tb);
                    expected += t;
                    scale += Math.Abs(t);
                }
                double actual = c[offset + i * n + j];
                Assert.True(Math.Abs(actual - expected) <= 1e-5 * scale + 1e-6,
                    $"C[{i},{j}] = {actual}, expected {expected} (m={m} n={n} k={k} transA={ta} transB={tb})");
            }
        }
    }

    private static T At<T>(T[] x, int offset, int rows, int cols, int r, int c, bool transposed) =>
        transposed ? x[offset + c * rows + r] : x[offset + r * cols + c];

    private static float[] RandomFloats(Random rng, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static double[] RandomDoubles(Random rng, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.NextDouble() * 2 - 1;
        return x;
    }
}
