namespace TapeFlow.Autodiff;

/// <summary>
/// Reference identity for the autodiff tables (watched sets, gradient maps), hashing a number every
/// tensor gets at construction instead of <see cref="System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(object)"/>,
/// whose first call on an object has to install a hash code in its header: measured, that was a
/// visible part of recording and walking small graphs.
/// </summary>
internal sealed class TensorIdentity : IEqualityComparer<Tensor>
{
    /// <summary>The one instance.</summary>
    public static readonly TensorIdentity Instance = new();

    private static int counter;

    private TensorIdentity()
    {
    }

    /// <summary>
    /// A hash for a new tensor. Sequential numbers spread perfectly over the tables' prime-sized buckets;
    /// the increment is deliberately not atomic: two threads racing may hand out the same number, which
    /// only costs a collision, never a wrong answer (equality is by reference).
    /// </summary>
    public static int Next() => ++counter;

    /// <inheritdoc/>
    public bool Equals(Tensor? x, Tensor? y) => ReferenceEquals(x, y);

    /// <inheritdoc/>
    public int GetHashCode(Tensor obj) => obj.IdentityHash;
}
