using System.Numerics;

namespace TapeFlow;

/// <summary>
/// An immutable n-dimensional array with a shape and a dtype, stored row-major in a managed array,
/// like TensorFlow's eager tensor. No <c>Dispose</c>: the garbage collector owns every buffer.
/// </summary>
public partial class Tensor
{
    /// <summary>The row-major elements: float[], double[], int[], long[], byte[] or bool[].</summary>
    internal Array Buffer;

    /// <summary>
    /// This tensor's identity in the autodiff tables (see <see cref="Autodiff.TensorIdentity"/>): unique per
    /// tensor, and shared with the tensor's stand-ins on a tape (see <see cref="Autodiff.SavedTensors"/>).
    /// </summary>
    internal readonly long Id;

    internal Tensor(Array buffer, Shape shape, DType dtype)
    {
        Buffer = buffer;
        Shape = shape;
        DType = dtype;
        Id = Autodiff.TensorIdentity.Next();
    }

    /// <summary>A tensor with <paramref name="original"/>'s identity, shape and dtype over another buffer (a tape's stand-in).</summary>
    internal Tensor(Tensor original, Array buffer)
    {
        Buffer = buffer;
        Shape = original.Shape;
        DType = original.DType;
        Id = original.Id;
    }

    /// <summary>The tensor's dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The tensor's element type.</summary>
    public DType DType { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    internal int Size => (int)Shape.Size;

    internal T[] Data<T>() => (T[])Buffer;

    internal ReadOnlySpan<T> Span<T>() => (T[])Buffer;

    /// <summary>A new tensor over a fresh (or recycled, see <c>Memory.BufferPool</c>) buffer of the given shape and dtype, zero-filled.</summary>
    internal static Tensor Empty(Shape shape, DType dtype) => new(Memory.Buffers.Allocate(shape, dtype, clear: true), shape, dtype);

    /// <summary>As <see cref="Empty"/> but with arbitrary contents: for kernels that write every element.</summary>
    internal static Tensor Uninitialized(Shape shape, DType dtype) => new(Memory.Buffers.Allocate(shape, dtype, clear: false), shape, dtype);

    internal static Tensor FromArray<T>(T[] data, Shape shape) => new(data, shape, DTypeExtensions.FromClr<T>());

    /// <summary>
    /// A row-major copy of the elements. When <typeparamref name="T"/> differs from the dtype the
    /// values are converted (as numpy's <c>astype</c>).
    /// </summary>
    public T[] ToArray<T>()
    {
        Autodiff.Engine.NoteRead(this);
        if (Buffer is T[] same) return (T[])same.Clone();
        var result = new T[Size];
        for (int i = 0; i < result.Length; i++) result[i] = ConvertElement<T>(GetAsDouble(i));
        return result;
    }

    /// <summary>The value of a one-element tensor, like numpy's <c>item()</c>; converted to <typeparamref name="T"/> when needed.</summary>
    public T ToScalar<T>()
    {
        Autodiff.Engine.NoteRead(this);
        if (Size != 1)
        {
            throw new InvalidOperationException($"ToScalar: the tensor has shape {Shape} ({Size} elements); only a one-element tensor has a scalar value.");
        }
        return Buffer is T[] same ? same[0] : ConvertElement<T>(GetAsDouble(0));
    }

    /// <summary>Element <paramref name="i"/> (flat, row-major) widened to double.</summary>
    internal double GetAsDouble(int i) => Buffer switch
    {
        float[] f => f[i],
        double[] d => d[i],
        int[] n => n[i],
        long[] l => l[i],
        byte[] b => b[i],
        bool[] z => z[i] ? 1.0 : 0.0,
        _ => throw new InvalidOperationException("unknown buffer type"),
    };

    private static T ConvertElement<T>(double v)
    {
        if (typeof(T) == typeof(bool)) return (T)(object)(v != 0);
        if (typeof(T) == typeof(float)) return (T)(object)(float)v;
        if (typeof(T) == typeof(double)) return (T)(object)v;
        if (typeof(T) == typeof(int)) return (T)(object)(int)v;
        if (typeof(T) == typeof(long)) return (T)(object)(long)v;
        if (typeof(T) == typeof(byte)) return (T)(object)(byte)v;
        throw new ArgumentException($"{typeof(T).Name} is not a tensor element type; use float, double, int, long, byte or bool.");
    }

    /// <summary>Describes shape and dtype for error messages: <c>(2, 3) float32</c>.</summary>
    internal string Describe() => $"{Shape} {DType.Name()}";

    /// <summary>
    /// Prints as TensorFlow does: <c>tf.Tensor([0. 0.], shape=(2,), dtype=float32)</c>; values that span
    /// several lines start on a new line, as TF's <c>numpy_text</c> does.
    /// </summary>
    public override string ToString()
    {
        string text = ReadThen(this) + TensorFormatter.Format(this);
        if (text.Contains('\n', StringComparison.Ordinal)) text = "\n" + text;
        return $"tf.Tensor({text}, shape={Shape}, dtype={DType.Name()})";
    }

    /// <summary>The values as numpy prints them, like <c>t.numpy()</c>.</summary>
    public string Numpy() => ReadThen(this) + TensorFormatter.Format(this);

    /// <summary>Notes a value read for <c>Tf.VectorizedMap</c>'s tracer; returns "" so it prefixes a string.</summary>
    private static string ReadThen(Tensor t)
    {
        Autodiff.Engine.NoteRead(t);
        return "";
    }

    internal static T ScalarOf<T>(double v) where T : INumber<T> => T.CreateTruncating(v);
}
