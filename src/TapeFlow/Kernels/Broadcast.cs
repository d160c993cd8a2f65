using System.Numerics;

namespace TapeFlow.Kernels;

/// <summary>
/// Broadcasting drivers: contiguous inner runs go to the vector loops of <see cref="Elementwise"/>.
/// The shapes training uses (equal, scalar, a row vector over rows, a column over columns) take
/// direct loops without building a plan.
/// </summary>
internal static class Broadcast
{
    public static void Binary<T, TOp>(T[] a, int[] aShape, T[] b, int[] bShape, T[] y, int[] yShape)
        where T : unmanaged, INumber<T>
        where TOp : IBinaryOperator
    {
        if (a.Length == y.Length && b.Length == y.Length)
        {
            if (!SplitJob<T, TOp>.TryRun(a, b, y, SplitKind.Zip)) Elementwise.Zip<T, TOp>(a, b, y);
            return;
        }
        if (b.Length == 1 && a.Length == y.Length)
        {
            if (!SplitJob<T, TOp>.TryRun(a, b, y, SplitKind.ScalarRight)) Elementwise.ScalarRight<T, TOp>(a, b[0], y);
            return;
        }
        if (a.Length == 1 && b.Length == y.Length)
        {
            if (!SplitJob<T, TOp>.TryRun(a, b, y, SplitKind.ScalarLeft)) Elementwise.ScalarLeft<T, TOp>(a[0], b, y);
            return;
        }
        if (y.Length == 0) return;
        if (a.Length == y.Length && IsSuffix(bShape, yShape))
        {
            // [..., n] op [n]: every row of a against the one row b (a bias add).
            int n = b.Length;
            for (int o = 0; o < y.Length; o += n) Elementwise.Zip<T, TOp>(a.AsSpan(o, n), b, y.AsSpan(o, n));
            return;
        }
        if (b.Length == y.Length && IsSuffix(aShape, yShape))
        {
            int n = a.Length;
            for (int o = 0; o < y.Length; o += n) Elementwise.Zip<T, TOp>(a, b.AsSpan(o, n), y.AsSpan(o, n));
            return;
        }
        if (a.Length == y.Length && IsColumn(bShape, yShape))
        {
            // [..., n] op [..., 1]: each row against its own scalar (softmax's normaliser).
            int n = yShape[^1];
            for (int r = 0, o = 0; o < y.Length; r++, o += n) Elementwise.ScalarRight<T, TOp>(a.AsSpan(o, n), b[r], y.AsSpan(o, n));
            return;
        }
        if (b.Length == y.Length && IsColumn(aShape, yShape))
        {
            int n = yShape[^1];
            for (int r = 0, o = 0; o < y.Length; r++, o += n) Elementwise.ScalarLeft<T, TOp>(a[r], b.AsSpan(o, n), y.AsSpan(o, n));
            return;
        }

        var plan = BroadcastPlan.Create(yShape, aShape, bShape);
        int rank = plan.Dims.Length, inner = plan.Inner, outer = plan.Outer;
        int sa = plan.Strides[0][rank - 1], sb = plan.Strides[1][rank - 1];
        Span<int> idx = stackalloc int[rank];
        Span<int> off = stackalloc int[2];
        for (int o = 0; o < outer; o++)
        {
            var ys = y.AsSpan(o * inner, inner);
            if (sa == 1 && sb == 1) Elementwise.Zip<T, TOp>(a.AsSpan(off[0], inner), b.AsSpan(off[1], inner), ys);
            else if (sa == 1 && sb == 0) Elementwise.ScalarRight<T, TOp>(a.AsSpan(off[0], inner), b[off[1]], ys);
            else if (sa == 0 && sb == 1) Elementwise.ScalarLeft<T, TOp>(a[off[0]], b.AsSpan(off[1], inner), ys);
            else
            {
                for (int i = 0; i < inner; i++) ys[i] = TOp.Invoke(a[off[0] + i * sa], b[off[1] + i * sb]);
            }
            plan.Advance(idx, off);
        }
    }

    private enum SplitKind
    {
        Zip,
        ScalarRight,
        ScalarLeft,
    }

    /// <summary>
    /// A large equal-shape or scalar-operand product cut into the aligned ranges of <see cref="ParallelSplit"/>
    /// for the intra-op pool; every element takes the path it takes on one thread, so the bits do not depend on
    /// the thread count.
    /// </summary>
    private sealed class SplitJob<T, TOp>(T[] a, T[] b, T[] y, SplitKind kind) : RangeJob(y.Length)
        where T : unmanaged, INumber<T>
        where TOp : IBinaryOperator
    {
        /// <summary>Runs the product split when it is large enough; false leaves it to the caller's serial loop.</summary>
        public static bool TryRun(T[] a, T[] b, T[] y, SplitKind kind)
        {
            int chunks = ParallelSplit.Chunks(y.Length, out int threads);
            if (chunks <= 1) return false;
            new SplitJob<T, TOp>(a, b, y, kind).Run(chunks, threads);
            return true;
        }

        protected override void Kernel(int from, int count)
        {
            var ys = y.AsSpan(from, count);
            switch (kind)
            {
                case SplitKind.Zip: Elementwise.Zip<T, TOp>(a.AsSpan(from, count), b.AsSpan(from, count), ys); break;
                case SplitKind.ScalarRight: Elementwise.ScalarRight<T, TOp>(a.AsSpan(from, count), b[0], ys); break;
                default: Elementwise.ScalarLeft<T, TOp>(a[0], b.AsSpan(from, count), ys); break;
            }
        }
    }

    /// <summary>True when <paramref name="x"/>, leading 1s dropped, is a proper trailing part of <paramref name="y"/>.</summary>
    private static bool IsSuffix(int[] x, int[] y)
    {
        int lead = 0;
        while (lead < x.Length && x[lead] == 1) lead++;
        int n = x.Length - lead;
        if (n == 0 || n >= y.Length) return false;
        for (int i = 0; i < n; i++)
        {
            if (x[lead + i] != y[y.Length - n + i]) return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="x"/> is <paramref name="y"/> with the last axis 1 (same rank).</summary>
    private static bool IsColumn(int[] x, int[] y)
    {
        if (x.Length != y.Length || x.Length < 2 || x[^1] != 1) return false;
        for (int i = 0; i < x.Length - 1; i++)
        {
            if (x[i] != y[i]) return false;
        }
        return true;
    }

    public static void Compare<T, TOp>(T[] a, int[] aShape, T[] b, int[] bShape, bool[] y, int[] yShape)
        where T : unmanaged, INumber<T>
        where TOp : ICompareOperator
    {
        if (y.Length == 0) return;
        if (a.Length == y.Length && b.Length == 1)
        {
            T s = b[0];
            for (int i = 0; i < y.Length; i++) y[i] = TOp.Invoke(a[i], s);
            return;
        }
        if (a.Length == y.Length && b.Length == y.Length)
        {
            for (int i = 0; i < y.Length; i++) y[i] = TOp.Invoke(a[i], b[i]);
            return;
        }
        var plan = BroadcastPlan.Create(yShape, aShape, bShape);
        int rank = plan.Dims.Length, inner = plan.Inner, outer = plan.Outer;
        int sa = plan.Strides[0][rank - 1], sb = plan.Strides[1][rank - 1];
        Span<int> idx = stackalloc int[rank];
        Span<int> off = stackalloc int[2];
        for (int o = 0, start = 0; o < outer; o++, start += inner)
        {
            for (int i = 0; i < inner; i++) y[start + i] = TOp.Invoke(a[off[0] + i * sa], b[off[1] + i * sb]);
            plan.Advance(idx, off);
        }
    }

    /// <summary>y = cond ? x : z, all three broadcast to y.</summary>
    public static void Select<T>(bool[] c, int[] cShape, T[] x, int[] xShape, T[] z, int[] zShape, T[] y, int[] yShape)
    {
        if (y.Length == 0) return;
        if (c.Length == y.Length && x.Length == y.Length && z.Length == y.Length)
        {
            for (int i = 0; i < y.Length; i++) y[i] = c[i] ? x[i] : z[i];
            return;
        }
        var plan = BroadcastPlan.Create(yShape, cShape, xShape, zShape);
        int rank = plan.Dims.Length, inner = plan.Inner, outer = plan.Outer;
        int sc = plan.Strides[0][rank - 1], sx = plan.Strides[1][rank - 1], sz = plan.Strides[2][rank - 1];
        Span<int> idx = stackalloc int[rank];
        Span<int> off = stackalloc int[3];
        for (int o = 0, start = 0; o < outer; o++, start += inner)
        {
            for (int i = 0; i < inner; i++) y[start + i] = c[off[0] + i * sc] ? x[off[1] + i * sx] : z[off[2] + i * sz];
            plan.Advance(idx, off);
        }
    }

    /// <summary>Copies <paramref name="x"/> broadcast to <paramref name="yShape"/>.</summary>
    public static void To<T>(T[] x, int[] xShape, T[] y, int[] yShape)
    {
        if (y.Length == 0) return;
        if (x.Length == 1)
        {
            Array.Fill(y, x[0]);
            return;
        }
        var plan = BroadcastPlan.Create(yShape, xShape);
        int rank = plan.Dims.Length, inner = plan.Inner, outer = plan.Outer;
        int sx = plan.Strides[0][rank - 1];
        Span<int> idx = stackalloc int[rank];
        Span<int> off = stackalloc int[1];
        for (int o = 0, start = 0; o < outer; o++, start += inner)
        {
            if (sx == 1) Array.Copy(x, off[0], y, start, inner);
            else Array.Fill(y, x[off[0]], start, inner);
            plan.Advance(idx, off);
        }
    }
}
