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

    /// <summary>Empty tables for a new tape on the thread of <paramref name="thread"/>: the spare ones when it has them.</summary>
    public static (HashSet<long> Watched, List<TapeNode> Nodes) Take(Engine.ThreadState thread)
    {
        var watched = thread.SpareWatched ?? [];
        var nodes = thread.SpareNodes ?? [];
        thread.SpareWatched = null;
        thread.SpareNodes = null;
        return (watched, nodes);
    }

    /// <summary>Takes back the tables of a tape that will never read them again.</summary>
    public static void Give(HashSet<long> watched, List<TapeNode> nodes)
    {
        if (nodes.Count > MaxKeptNodes) return;
        watched.Clear();
        nodes.Clear();
        var thread = Engine.State;
        thread.SpareWatched = watched;
        thread.SpareNodes = nodes;
    }
}
