using TapeFlow.Memory;

namespace TapeFlow.Tests.Memory;

[Collection(TapeFlow.Tests.Debugging.GlobalStateCollection.Name)]
public class GcPacerTests
{
    [Fact]
    public void Short_lived_results_are_collected_every_few_megabytes_not_at_the_runtime_budget()
    {
        var x = Tf.Random.Uniform([64, 256], seed: 1);
        int before = GcPacer.Collections, gcBefore = GC.CollectionCount(0);
        // 1100 results of 64 KB: 69 MB, more than the largest budget (other tests running at the same
        // time may have grown it), so the pacer, or the runtime before it, collects at least once.
        for (int i = 0; i < 1100; i++) x = Tf.Add(x, x);
        Assert.True(GcPacer.Collections > before || GC.CollectionCount(0) > gcBefore, "no young collection in 69 MB of garbage");
        Assert.InRange(GcPacer.Budget, GcPacer.MinBudget, GcPacer.MaxBudget);
    }

    [Fact]
    public void A_no_gc_region_of_the_application_is_left_alone()
    {
        var x = Tf.Random.Uniform([64, 256], seed: 2);
        Assert.True(GC.TryStartNoGCRegion(48L << 20));
        try
        {
            for (int i = 0; i < 300; i++) x = Tf.Add(x, x); // 19 MB: more than the pacer's starting budget
            Assert.Equal(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        }
        finally
        {
            GC.EndNoGCRegion();
        }
    }
}
