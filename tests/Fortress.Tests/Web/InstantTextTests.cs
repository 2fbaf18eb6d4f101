using CsCheck;
using Fortress.Web.Storage;
using NodaTime;

namespace Fortress.Tests.Web;

/// <summary>Instants as the stores keep them: text whose order is time order, read back exactly.</summary>
public sealed class InstantTextTests
{
    [Fact]
    public void Text_OrdersAsTime_AndRoundTrips()
    {
        var ticks = Gen.Long[Instant.FromUtc(1990, 1, 1, 0, 0).ToUnixTimeTicks(), Instant.FromUtc(2100, 1, 1, 0, 0).ToUnixTimeTicks()];
        Gen.Select(ticks, ticks).Sample((a, b) =>
        {
            var x = Instant.FromUnixTimeTicks(a);
            var y = Instant.FromUnixTimeTicks(b);
            SqlStore.Parse(SqlStore.Text(x)).ShouldBe(x);
            Math.Sign(string.CompareOrdinal(SqlStore.Text(x), SqlStore.Text(y))).ShouldBe(x.CompareTo(y) switch { < 0 => -1, > 0 => 1, _ => 0 });
        }, iter: 2000);
        // The case a variable fraction gets wrong.
        string.CompareOrdinal(SqlStore.Text(Instant.FromUtc(2026, 1, 1, 0, 0, 30)), SqlStore.Text(Instant.FromUtc(2026, 1, 1, 0, 0, 30) + Duration.FromMilliseconds(250))).ShouldBeLessThan(0);
    }
}
