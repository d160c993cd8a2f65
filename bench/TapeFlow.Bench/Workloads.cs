using TapeFlow.Keras;
using TapeFlow.Keras.Layers;
using TapeFlow.Keras.Optimizers;

namespace TapeFlow.Bench;

/// <summary>The C# side of each benchmark row; bench/scripts/torch_bench.py computes the same things.</summary>
public static class Workloads
{
    /// <summary>Random float32 operands for an [m,k] @ [k,n] product.</summary>
    public static (Tensor A, Tensor B) GemmOperands(int m, int n, int k) =>
        (Tf.Random.Uniform([m, k], seed: 1), Tf.Random.Uniform([k, n], seed: 2));

    /// <summary>
    /// The same [m,k] @ [k,n] product through the GEMM kernel into one output buffer reused every call: the kernel's
    /// speed without the allocation of a fresh result (which, from the 4 MB large-object threshold up, lands on
    /// pages the OS must fault in again after every full collection).
    /// </summary>
    internal static Action GemmIntoReusedOutput(int m, int n, int k)
    {
        var rng = new Random(7);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextSingle();
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextSingle();
        return () => TapeFlow.Kernels.Gemm.Run(a, 0, b, 0, c, 0, m, n, k, transA: false, transB: false);
    }

    /// <summary>y = x·x under a fresh tape, then dy/dx: the smallest full autodiff round trip.</summary>
    public static Action ScalarSquare()
    {
        var x = new Variable(Tf.Fill([], 3.0));
        return () =>
        {
            using var tape = new GradientTape();
            var y = x * x;
            _ = tape.Gradient(y, x);
        };
    }

    /// <summary><paramref name="ops"/> alternating multiplies and adds by a constant, then the gradient of the sum.</summary>
    public static Action Chain(int[] shape, int ops)
    {
        var x = Tf.Random.Uniform(shape, seed: 3);
        var c = Tf.Fill(shape, 1.0001);
        return () =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var y = x;
            for (int i = 0; i < ops; i++) y = i % 2 == 0 ? Tf.Multiply(y, c) : Tf.Add(y, c);
            _ = tape.Gradient(y, x);
        };
    }

    /// <summary>One training step of the 784-256-128-64-32-10 ReLU MLP with softmax cross-entropy and Keras's Adam.</summary>
    public static Action MlpStep(int batch) => new Mlp(batch, simdAdam: false).Step;

    /// <summary>The same step with the core's SIMD Adam kernel (<c>Kernels.AdamKernel</c>) in place of Keras's Adam.</summary>
    public static Action MlpStepSimdAdam(int batch) => new Mlp(batch, simdAdam: true).Step;

    /// <summary>
    /// Forward and backward (gradients of the mean sparse cross-entropy for every weight, no update) of
    /// <c>FashionCnn</c> on a random NHWC batch of 28x28x1 images in training mode.
    /// </summary>
    public static Action CnnStep(int batch)
    {
        var model = TapeFlow.Keras.Applications.FashionCnn.Create(seed: 0);
        var x = Tf.Random.Uniform([batch, 28, 28, 1], seed: 5);
        var labels = Tf.Random.Uniform([batch], 0, 10, DType.Int32, seed: 6);
        var weights = model.TrainableVariables;
        return () =>
        {
            using var tape = new GradientTape();
            var loss = Tf.ReduceMean(Tf.Nn.SparseSoftmaxCrossEntropyWithLogits(labels, model.Call(x, training: true)));
            _ = tape.Gradient(loss, weights);
        };
    }

    /// <summary>SPEC item 20: 10000 SGD(1e-3) steps of linear regression via ApplyGradients; returns (a, b).</summary>
    public static (double A, double B) Regression(int steps)
    {
        float[] xs = [2013, 2014, 2015, 2016, 2017], ys = [12000, 14000, 15000, 16500, 17500];
        var x = Scale(xs);
        var y = Scale(ys);
        var a = new Variable(Tf.Fill([], 0.0), "a");
        var b = new Variable(Tf.Fill([], 0.0), "b");
        var sgd = new SGD(1e-3);
        var half = Tf.Fill([], 0.5);
        for (int i = 0; i < steps; i++)
        {
            Tensor?[] grads;
            using (var tape = new GradientTape())
            {
                var loss = Tf.Multiply(half, Tf.ReduceSum(Tf.Square(Tf.Subtract(Tf.Add(Tf.Multiply(a, x), b), y))));
                grads = tape.Gradient(loss, [a, b]);
            }
            sgd.ApplyGradients([(grads[0], a), (grads[1], b)]);
        }
        return (a.ToScalar<double>(), b.ToScalar<double>());
    }

    private static Tensor Scale(float[] v)
    {
        float lo = v.Min(), hi = v.Max();
        Tensor t = v.Select(e => (e - lo) / (hi - lo)).ToArray();
        return t;
    }

    /// <summary>
    /// SPEC item 26's network as a user builds it, <c>Sequential</c> of <c>Dense</c> layers (each ReLU layer one fused
    /// op), with the glorot-uniform weights drawn from fixed seeds, as PyTorch's side builds <c>nn.Sequential</c>.
    /// </summary>
    private sealed class Mlp
    {
        private static readonly int[] Sizes = [784, 256, 128, 64, 32, 10];
        private static readonly Func<Tensor, Tensor> Relu = Tf.Nn.Relu;
        private readonly Sequential model;
        private readonly Variable[] all;
        private readonly Tensor x;
        private readonly Tensor labels;
        private readonly Adam adam = new(learningRate: 1e-3, epsilon: 1e-7);
        private readonly (Tensor? Gradient, Variable Variable)[] pairs;
        private readonly SimdAdam? simdAdam;

        public Mlp(int batch, bool simdAdam)
        {
            var layers = new Dense[Sizes.Length - 1];
            for (int i = 0; i < layers.Length; i++)
            {
                var init = new GlorotUniform(seed: 10 + i);
                layers[i] = new Dense(Sizes[i + 1], i < layers.Length - 1 ? Relu : null, init, new Zeros());
            }
            model = new Sequential(layers);
            model.Build([null, Sizes[0]]);
            all = [.. model.TrainableVariables];
            pairs = new (Tensor?, Variable)[all.Length];
            x = Tf.Random.Uniform([batch, 784], seed: 4);
            labels = Tf.Cast(Tf.Floor(Tf.Random.Uniform([batch], 0, 10, seed: 5)), DType.Int32);
            if (simdAdam) this.simdAdam = new SimdAdam(all);
        }

        public void Step()
        {
            Tensor?[] grads;
            using (var tape = new GradientTape())
            {
                var loss = Tf.ReduceMean(Tf.Nn.SparseSoftmaxCrossEntropyWithLogits(labels, model.Call(x, training: true)));
                grads = tape.Gradient(loss, all);
            }
            if (simdAdam is not null)
            {
                simdAdam.Apply(grads);
                return;
            }
            for (int i = 0; i < all.Length; i++) pairs[i] = (grads[i], all[i]);
            adam.ApplyGradients(pairs);
        }
    }

    /// <summary>Adam (lr 1e-3, ε 1e-7, Keras's formula) through the core's SIMD kernel, updating the variables in place.</summary>
    private sealed class SimdAdam(Variable[] variables)
    {
        private readonly float[][] m = variables.Select(v => new float[v.Shape.Size]).ToArray();
        private readonly float[][] v = variables.Select(v => new float[v.Shape.Size]).ToArray();
        private long t;

        public void Apply(Tensor?[] grads)
        {
            t++;
            float alpha = (float)(1e-3 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t)));
            for (int i = 0; i < variables.Length; i++)
            {
                TapeFlow.Kernels.AdamKernel.Step<float>(variables[i].Data<float>(), grads[i]!.Data<float>(), m[i], v[i], Span<float>.Empty, alpha, 0.9f, 0.999f, 1e-7f);
                variables[i].MarkWritten();
            }
        }
    }
}
