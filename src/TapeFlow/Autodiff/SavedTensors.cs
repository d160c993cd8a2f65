using TapeFlow.Ops;

namespace TapeFlow.Autodiff;

/// <summary>
/// What a tape keeps of each recorded op, as PyTorch's saved tensors: the values the op's gradient
/// reads for the inputs that can take a gradient (<see cref="Op.KeptForGradient"/>), and for every
/// other input or output only a stand-in with its identity, shape and dtype. So an intermediate that
/// no gradient reads (the output of an add, the input of a bias add) is garbage as soon as the user
/// drops it, instead of living until the tape does: recorded chains then reuse warm memory.
/// Variables are always kept (the user holds them anyway, and the walk checks their versions), and
/// so are small tensors, where a stand-in costs more than it saves.
/// </summary>
internal static class SavedTensors
{
    /// <summary>The bit of <see cref="Op.KeptForGradient"/>'s mask that stands for the op's output.</summary>
    public const int OutputBit = 63;

    /// <summary>The stand-ins' buffer: not an element array, so any attempt to read values from one fails at once.</summary>
    private static readonly object[] NoValues = [];

    /// <summary>Tensors with fewer elements are always kept; tests set 0 to make every op run on stand-ins.</summary>
    internal static int MinElements { get; set; } = 1024;

    /// <summary>
    /// The inputs and output a tape's node holds for <paramref name="op"/>, given which inputs this tape
    /// can differentiate (<paramref name="needed"/>, bit k for input k); the same array when all are kept.
    /// </summary>
    public static (Tensor[] Inputs, Tensor Output) Select(Op op, Tensor[] inputs, Tensor output, ulong needed)
    {
        ulong keep = op.KeptForGradient(needed);
        if (keep == ulong.MaxValue) return (inputs, output);
        Tensor[]? kept = null;
        for (int k = 0; k < inputs.Length; k++)
        {
            if (k >= OutputBit || (keep & (1UL << k)) != 0 || Keeps(inputs[k])) continue;
            kept ??= (Tensor[])inputs.Clone();
            kept[k] = StandIn(inputs[k]);
        }
        var o = (keep & (1UL << OutputBit)) != 0 || Keeps(output) ? output : StandIn(output);
        return (kept ?? inputs, o);
    }

    /// <summary>Whether <paramref name="t"/> is a stand-in without values.</summary>
    public static bool IsStandIn(Tensor t) => ReferenceEquals(t.Buffer, NoValues);

    /// <summary>
    /// The error for a gradient that needed values the tape did not keep: it happens only when an input
    /// was watched after the op ran (the op was recorded for another input).
    /// </summary>
    public static InvalidOperationException NotKept(Op op, Tensor[] inputs, Tensor output, InvalidCastException inner)
    {
        var which = new List<string>();
        for (int k = 0; k < inputs.Length; k++)
        {
            if (IsStandIn(inputs[k])) which.Add($"input #{k} {inputs[k].Describe()}");
        }
        if (IsStandIn(output)) which.Add($"the output {output.Describe()}");
        return new InvalidOperationException(
            $"{op.Name}: its gradient needs values the tape did not keep ({string.Join(", ", which)}): the tape keeps only what the " +
            "gradients of the inputs it watched when the op ran need. Watch the tensor before using it, or use a persistent tape watching it from the start.",
            inner);
    }

    private static bool Keeps(Tensor t) => t is Variable || t.Size < MinElements || IsStandIn(t);

    private static Tensor StandIn(Tensor t) => new(t, NoValues);
}
