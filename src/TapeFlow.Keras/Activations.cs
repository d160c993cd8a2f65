namespace TapeFlow.Keras;

/// <summary>Keras's activations by name.</summary>
public static class Activations
{
    /// <summary>The activation Keras names <paramref name="name"/>; <c>null</c> or <c>linear</c> is the identity.</summary>
    public static Func<Tensor, Tensor>? Get(string? name) => name switch
    {
        null or "linear" => null,
        "relu" => Tf.Nn.Relu,
        "sigmoid" => Tf.Nn.Sigmoid,
        "tanh" => Tf.Nn.Tanh,
        "softmax" => x => Tf.Nn.Softmax(x),
        "elu" => Tf.Nn.Elu,
        "softplus" => Tf.Nn.Softplus,
        "swish" or "silu" => x => Tf.Multiply(x, Tf.Nn.Sigmoid(x)),
        "exponential" => Tf.Exp,
        _ => throw new ArgumentException($"Unknown activation function: '{name}'. Known: linear, relu, sigmoid, tanh, softmax, elu, softplus, swish, exponential."),
    };
}
