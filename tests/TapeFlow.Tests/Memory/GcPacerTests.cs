using TapeFlow.Memory;

namespace TapeFlow.Tests.Memory;

public class GcPacerTests
{
    [Fact]
    public void Short_lived_results_are_collected_every_few_megabytes_not_at_the_runtime_budget()
    {
        var x = Tf.Random.Uniform([64, 256], seed: 1);
        int before = GcPacer.Collections, gcBefore = GC.CollectionCount(0);
        // 200 results of 64 KB: 12.5 MB, more than the largest budget's worth of garbage only if the
        // budget grew; at the starting budget the pacer (or the runtime) collects at least once.
        for (int i = 0; i < 200; i++) x = Tf.Add(x, x);
        Assert.True(GcPacer.Collections > before || GC.CollectionCount(0) > gcBefore + 1, "no young collection in 12.5 MB of garbage");
        Assert.InRange(GcPacer.Budget, GcPacer.MinBudget, GcPacer.MaxBudget);
    }
}
