namespace TapeFlow.Autodiff;

/// <summary>
/// Identity for the autodiff tables (watched sets, gradient maps): the number every tensor gets at
/// construction, which a tape's stand-in for a tensor whose values it did not keep shares with it
/// (see <see cref="SavedTensors"/>). Hashing it is also cheaper than
/// <see cref="System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(object)"/>, whose first call on an
/// object has to install a hash code in its header.
/// </summary>
internal sealed class TensorIdentity : IEqualityComparer<Tensor>
{
    /// <summary>The one instance.</summary>
    public static readonly TensorIdentity Instance = new();

    private static long counter;

    private TensorIdentity()
    {
    }

    /// <summary>A new tensor's identity: unique across threads. Sequential numbers spread perfectly over the tables' prime-sized buckets.</summary>
    public static long Next() => Interlocked.Increment(ref counter);

    /// <inheritdoc/>
    public bool Equals(Tensor? x, Tensor? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.Id == y.Id);

    /// <inheritdoc/>
    public int GetHashCode(Tensor obj) => (int)obj.Id ^ (int)(obj.Id >> 32);
}
