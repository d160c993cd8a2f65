namespace TapeFlow.Kernels;

/// <summary>
/// One product C = op(A) · op(B) on row-major matrices at offsets into flat buffers: A is stored
/// [m, k] (or [k, m] when <see cref="TransA"/>), B [k, n] (or [n, k] when <see cref="TransB"/>), C [m, n].
/// </summary>
internal readonly record struct GemmArgs<T>(T[] A, int AOffset, T[] B, int BOffset, T[] C, int COffset, int M, int N, int K, bool TransA, bool TransB)
{
    /// <summary>A bias of N values added to every row of C once its product is complete (null: none).</summary>
    public T[]? Bias { get; init; }

    /// <summary>Whether C then becomes max(C, 0) (ReLU).</summary>
    public bool Relu { get; init; }

    /// <summary>Whether anything is applied to C after the product (see <see cref="GemmEpilogue"/>).</summary>
    public bool HasEpilogue => Bias is not null || Relu;

    /// <summary>op(A)[i, p].</summary>
    public T AAt(int i, int p) => TransA ? A[AOffset + p * M + i] : A[AOffset + i * K + p];

    /// <summary>op(B)[p, j].</summary>
    public T BAt(int p, int j) => TransB ? B[BOffset + j * K + p] : B[BOffset + p * N + j];
}
