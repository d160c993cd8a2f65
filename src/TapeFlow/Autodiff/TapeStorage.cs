namespace TapeFlow.Autodiff;

/// <summary>
/// The watched set and node list of finished tapes, kept per thread for the next tape: a training
/// loop makes one tape per step, and reusing its tables (already grown to the step's size) saves
/// regrowing them every step.
/// </summary>
internal static class TapeStorage
{
    /// <summary>Tables larger than this are dropped rather than kept, so one huge graph does not pin memory.</summary>
    private const int MaxKeptNodes = 1 << 16;

    [ThreadStatic] private static HashSet<long>? spareWatched;
    [ThreadStatic] private static List<TapeNode>? spareNodes;

    /// <summary>Empty tables for a new tape: the spare ones when this thread has them.</summary>
    public static (HashSet<long> Watched, List<TapeNode> Nodes) Take()
    {
        var watched = spareWatched ?? [];
        var nodes = spareNodes ?? [];
        spareWatched = null;
        spareNodes = null;
        return (watched, nodes);
    }

    /// <summary>Takes back the tables of a tape that will never read them again.</summary>
    public static void Give(HashSet<long> watched, List<TapeNode> nodes)
    {
        if (nodes.Count > MaxKeptNodes) return;
        watched.Clear();
        nodes.Clear();
        spareWatched = watched;
        spareNodes = nodes;
    }
}
