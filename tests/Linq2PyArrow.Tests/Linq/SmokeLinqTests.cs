namespace Linq2PyArrow.Tests.Linq;

public sealed class SmokeLinqTests
{
    [Fact]
    public void Basic_shapes_run()
    {
        var tag = LinqSources.NewTag();
        var q = LinqSources.Recording(tag);
        var all = q.ToList();
        Assert.Equal(18, all.Count);
        var min = 4L;
        Assert.Equal(all.Where(r => r.Id > min).Select(r => r.Name).ToList(), q.Where(r => r.Id > min).Select(r => r.Name).ToList());
        Assert.Equal(all.Count(r => r.Flag), q.Count(r => r.Flag));
        Assert.Equal(all.Sum(r => r.Id), q.Sum(r => r.Id));
        Assert.Equal(all.Sum(r => r.Score), q.Sum(r => r.Score));
        Assert.Equal(all.Max(r => r.I32), q.Max(r => r.I32));
        Assert.Equal(all.OrderBy(r => r.Name).ThenByDescending(r => r.Id).Select(r => r.Id).Take(5), q.OrderBy(r => r.Name).ThenByDescending(r => r.Id).Select(r => r.Id).Take(5));
        Assert.Equal(all.GroupBy(r => r.Cat).Select(g => new { g.Key, N = g.Count(), S = g.Sum(x => x.I32) }).ToList(),
            q.GroupBy(r => r.Cat).Select(g => new { g.Key, N = g.Count(), S = g.Sum(x => x.I32) }).ToList());
        Assert.Equal(all.Take(5).Where(r => r.Flag).Select(r => r.Id), q.Take(5).Where(r => r.Flag).Select(r => r.Id));
        Assert.Equal(all.First(r => r.Id > 3).Id, q.First(r => r.Id > 3).Id);
        Assert.True(q.Any(r => r.Id == 17));
        Assert.False(q.All(r => r.Id < 17));
        Assert.True(q.Select(r => r.Id).Contains(12));
        LinqSources.TakeCalls(tag);
    }

    [Fact]
    public void Order_and_OrderDescending_sort_by_the_element()
    {
        var q = LinqSources.Recording(LinqSources.NewTag());
        var all = q.ToList();
        Assert.Equal(all.Select(r => r.Name).Order(), q.Select(r => r.Name).Order());
        Assert.Equal(all.Select(r => r.Id).OrderDescending().Take(3), q.Select(r => r.Id).OrderDescending().Take(3));
    }
}
