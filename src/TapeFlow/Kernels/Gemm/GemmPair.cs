using System.Numerics;

namespace TapeFlow.Kernels;

/// <summary>
/// Two independent products computed at once, each whole on one intra-op thread (a two-chunk job; inside a chunk
/// <see cref="Gemm.Run{T}"/> stays on its thread). Each product's bits are those of a call on its own: the split
/// of a product over threads never changes its arithmetic, only who computes which blocks.
/// </summary>
internal sealed class GemmPair<T> : IntraOpJob
    where T : unmanaged, INumber<T>
{
    [ThreadStatic] private static GemmPair<T>? current;

    private GemmArgs<T> first, second;

    /// <summary>C = op(A) · op(B) for both products, on two threads when the pool has them.</summary>
    public static void Run(in GemmArgs<T> first, in GemmArgs<T> second)
    {
        // One job per calling thread, reused: a call allocates nothing.
        var job = current ??= new();
        job.first = first;
        job.second = second;
        try
        {
            IntraOpPool.Run(job, 2, Tf.Config.GetIntraOpThreads());
        }
        finally
        {
            job.first = job.second = default;
        }
    }

    public override void Execute(int chunk)
    {
        ref readonly var g = ref chunk == 0 ? ref first : ref second;
        Gemm.Run(g.A, g.AOffset, g.B, g.BOffset, g.C, g.COffset, g.M, g.N, g.K, g.TransA, g.TransB);
    }
}
