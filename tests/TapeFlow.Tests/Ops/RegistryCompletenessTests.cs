using System.Reflection;
using System.Runtime.CompilerServices;
using TapeFlow.Ops;

namespace TapeFlow.Tests.Ops;

/// <summary>
/// Every op in the library is in the registry, has samples, and each sample is either gradchecked
/// or declared not differentiable (and then really gives no gradient). There is no skip list.
/// </summary>
public class RegistryCompletenessTests
{
    /// <summary>Every non-abstract <see cref="Op"/> in the TapeFlow assembly.</summary>
    internal static Type[] OpTypes { get; } =
        typeof(Op).Assembly.GetTypes().Where(t => typeof(Op).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.Name).ToArray();

    /// <summary>An op's TF name and differentiability, read without running its constructor (ops with attributes need arguments).</summary>
    internal static Op Describe(Type t) => (Op)RuntimeHelpers.GetUninitializedObject(t);

    private static OpSample[] PrimitiveSamples => OpSamples.All.Where(s => !s.Composite).ToArray();

    [Fact]
    public void The_assembly_has_the_ops_the_table_expects()
    {
        Assert.Equal(65, OpTypes.Length);
    }

    [Fact]
    public void Every_op_type_has_at_least_one_sample()
    {
        var sampled = PrimitiveSamples.Select(s => s.Op).ToHashSet();
        var missing = OpTypes.Where(t => !sampled.Contains(Describe(t).Name)).Select(t => $"{t.Name} ({Describe(t).Name})").ToList();
        Assert.True(missing.Count == 0, "ops without a sample in OpSamples: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_sample_names_an_op_of_the_library()
    {
        var names = OpTypes.Select(t => Describe(t).Name).ToHashSet();
        var unknown = PrimitiveSamples.Where(s => !names.Contains(s.Op)).Select(s => s.Id).ToList();
        Assert.True(unknown.Count == 0, "samples naming no op: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Op_names_are_unique()
    {
        var duplicates = OpTypes.GroupBy(t => Describe(t).Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_op_type_is_reachable_from_the_registry()
    {
        var fields = typeof(Registry).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.FieldType).ToHashSet();
        var factories = typeof(Registry).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet();
        var aliases = new Dictionary<string, string> { ["UnsortedSegmentSum"] = "ScatterAdd" }; // the factory is named for what it does
        var missing = OpTypes.Where(t => !fields.Contains(t) && !factories.Contains(aliases.GetValueOrDefault(t.Name, t.Name))).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, "ops not in Registry: " + string.Join(", ", missing));
    }

    [Fact]
    public void Differentiable_samples_belong_to_differentiable_ops_and_not_differentiable_ops_have_only_such_samples()
    {
        var byName = OpTypes.ToDictionary(t => Describe(t).Name, t => Describe(t).IsDifferentiable);
        foreach (var s in PrimitiveSamples)
        {
            if (s.Differentiable) Assert.True(byName[s.Op], $"{s.Id} is declared differentiable but {s.Op}.IsDifferentiable is false");
            if (s.TwiceDifferentiable) Assert.True(s.Differentiable, $"{s.Id} is twice differentiable but not once");
        }
        foreach (var (name, differentiable) in byName)
        {
            if (differentiable)
            {
                Assert.True(PrimitiveSamples.Any(s => s.Op == name && s.Differentiable), $"{name} is differentiable but no sample gradchecks it");
            }
        }
    }

    [Fact]
    public void Every_differentiable_sample_records_its_op_on_the_tape()
    {
        foreach (var s in PrimitiveSamples.Where(s => s.Differentiable))
        {
            var xs = s.Inputs();
            using var tape = new GradientTape();
            tape.Watch(xs);
            s.Build(xs);
            var recorded = tape.Nodes.Select(n => n.Op.Name).ToList();
            Assert.True(recorded.Contains(s.Op), $"{s.Id}: the tape recorded [{string.Join(", ", recorded)}], not {s.Op}");
        }
    }

    [Fact]
    public void Every_sample_is_gradchecked_or_declared_not_differentiable()
    {
        var checkedIds = Ids(GradientCheckTests.Differentiable);
        var secondOrder = Ids(SecondOrderTests.Small);
        secondOrder.UnionWith(Ids(SecondOrderTests.Large));
        foreach (var s in OpSamples.All)
        {
            if (s.Differentiable) Assert.Contains(s.Id, checkedIds);
            if (s.TwiceDifferentiable) Assert.Contains(s.Id, secondOrder);
        }
        Assert.Equal(OpSamples.All.Count, OpSamples.All.Select(s => s.Id).Distinct().Count());
    }

    private static HashSet<string> Ids(TheoryData<string> rows) => ((IEnumerable<object[]>)rows).Select(r => (string)r[0]).ToHashSet();

    public static TheoryData<string> NotDifferentiable => GradientCheckTests.Rows(s => !s.Differentiable);

    [Theory]
    [MemberData(nameof(NotDifferentiable))]
    public void A_sample_declared_not_differentiable_has_no_gradient(string id)
    {
        var s = OpSamples.Get(id);
        var xs = s.Inputs();
        var tape = new GradientTape();
        Tensor y;
        using (tape)
        {
            tape.Watch(xs);
            y = s.Build(xs);
        }
        Assert.All(tape.Gradient(y, xs), g => Assert.Null(g));
    }
}
