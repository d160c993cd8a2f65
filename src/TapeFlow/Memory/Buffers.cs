namespace TapeFlow.Memory;

/// <summary>Where every tensor buffer comes from: the thread's <see cref="BufferPool"/> first, then the GC.</summary>
internal static class Buffers
{
    public static Array Allocate(Shape shape, DType dtype, bool clear)
    {
        int n = checked((int)shape.Size);
        if (n < BufferPool.MinLength || !dtype.IsFloating()) return dtype.Allocate(n);
        var buffer = BufferPool.TryRent(dtype, n);
        if (buffer is not null)
        {
            if (clear) Array.Clear(buffer);
        }
        else
        {
            if (clear) buffer = dtype.Allocate(n);
            else buffer = dtype == DType.Float32 ? GC.AllocateUninitializedArray<float>(n) : GC.AllocateUninitializedArray<double>(n);
            GcPacer.Allocated((long)n * (dtype == DType.Float32 ? 4 : 8));
        }
        WalkArena.Current?.Allocated(buffer);
        return buffer;
    }
}
