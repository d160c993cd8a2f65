using System.Numerics;

namespace TapeFlow.Ops;

/// <summary>y = sign(x) ∈ {-1, 0, 1};   dx = 0 (zeros, not None, as TF)</summary>
internal sealed class Sign : UnaryOp
{
    public override string Name => "Sign";

    public override DTypes Accepts => DTypes.Numeric;

    protected override void Forward<T>(ReadOnlySpan<T> x, Span<T> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.IsNaN(x[i]) ? x[i] : T.CreateTruncating(T.Sign(x[i]));
    }

    // Zeros like dy, not x: as a JVP rule dy is a batch of tangents with leading axes.
    public override Tensor Gradient(Tensor dy, Tensor x, Tensor y) => Tf.ZerosLike(dy);
}
