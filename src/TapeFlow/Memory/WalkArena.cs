namespace TapeFlow.Memory;

/// <summary>
/// Buffer reuse inside one reverse walk (<c>GradientTape.Gradient</c>) while nothing records: every
/// pooled-size buffer allocated during the walk is noted; the walk holds the gradients it keeps (its
/// gradient table, which includes the results) and releases each one once consumed. A noted buffer that
/// no held gradient shares is then unreachable from outside, because only library gradient code saw
/// it and no tape recorded it, so it goes back to <see cref="BufferPool"/> and the walk's next
/// allocation of that size reuses it while it is still in cache.
/// </summary>
internal sealed class WalkArena
{
    [ThreadStatic] private static WalkArena? current;
    [ThreadStatic] private static WalkArena? spare;

    private readonly List<Array> fresh = [];
    private readonly Dictionary<Array, int> held = new(ReferenceEqualityComparer.Instance);

    /// <summary>The arena of the walk running on this thread, if any.</summary>
    public static WalkArena? Current => current;

    /// <summary>Starts noting allocations on this thread; null when a walk is already noting (nested walks keep theirs).</summary>
    public static WalkArena? Begin()
    {
        if (current is not null) return null;
        var arena = spare ?? new WalkArena();
        spare = null;
        current = arena;
        return arena;
    }

    /// <summary>Notes a buffer just allocated by <see cref="Tensor.Empty"/>.</summary>
    public void Allocated(Array buffer) => fresh.Add(buffer);

    /// <summary>The walk keeps <paramref name="t"/> (a gradient it will use or return).</summary>
    public void Hold(Tensor t)
    {
        if (t.Buffer.Length < BufferPool.MinLength) return; // never pooled, so never noted: nothing to protect
        ref int count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(held, t.Buffer, out _);
        count++;
    }

    /// <summary>The walk no longer needs <paramref name="t"/>.</summary>
    public void Release(Tensor t)
    {
        if (t.Buffer.Length < BufferPool.MinLength) return;
        ref int count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(held, t.Buffer);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count)) return;
        if (--count == 0) held.Remove(t.Buffer);
    }

    /// <summary>Returns every noted buffer that no held gradient shares to the pool.</summary>
    public void Sweep()
    {
        for (int i = fresh.Count - 1; i >= 0; i--)
        {
            var buffer = fresh[i];
            if (held.ContainsKey(buffer)) continue;
            BufferPool.Return(buffer);
            fresh[i] = fresh[^1];
            fresh.RemoveAt(fresh.Count - 1);
        }
    }

    /// <summary>Final sweep; stops noting. Buffers still held (the results) stay with their tensors.</summary>
    public void End()
    {
        Sweep();
        fresh.Clear();
        held.Clear();
        current = null;
        spare = this;
    }

    /// <summary>Stops noting without returning anything (the walk failed part-way).</summary>
    public void Abandon()
    {
        fresh.Clear();
        held.Clear();
        current = null;
        spare = this;
    }
}
