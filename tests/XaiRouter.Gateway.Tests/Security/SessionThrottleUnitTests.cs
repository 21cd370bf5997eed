using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>Reservations are atomic per bucket, refunded on success, and a clean address never needs the tenant's budget.</summary>
public sealed class SessionThrottleUnitTests
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task TryReserve_ManyConcurrentFromOneAddress_AdmitsExactlyTheBurst()
    {
        var failures = new FailureThrottle(Options.Create(new AuthOptions { FailureBurst = 5, FailuresPerMinute = 1 }), _clock);
        var sut = new SessionThrottle(failures);
        using var start = new ManualResetEventSlim();

        var reservations = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            return sut.TryReserve("tenant", "203.0.113.1");
        }, TestContext.Current.CancellationToken)).Append(Task.Run(() => { start.Set(); return (SessionReservation?)null; }, TestContext.Current.CancellationToken)));

        Assert.Equal(5, reservations.Count(r => r is not null));
    }

    [Fact]
    public void Refund_RightPassphrase_CostsNothing()
    {
        var sut = new SessionThrottle(new FailureThrottle(Options.Create(new AuthOptions { FailureBurst = 2, FailuresPerMinute = 1 }), _clock));

        for (var i = 0; i < 10; i++)
        {
            sut.Refund(Assert.IsType<SessionReservation>(sut.TryReserve("tenant", "192.0.2.1")));
        }

        Assert.NotNull(sut.TryReserve("tenant", "192.0.2.1"));
    }

    [Fact]
    public void TryReserve_TenantBudgetSpent_CleanAddressStillAdmittedFailedAddressNot()
    {
        var sut = new SessionThrottle(new FailureThrottle(Options.Create(new AuthOptions { FailureBurst = 2, FailuresPerMinute = 1 }), _clock));
        for (var address = 1; address <= 3; address++)
        {
            while (sut.TryReserve("tenant", $"203.0.113.{address}") is not null)
            {
            }
        }

        var clean = sut.TryReserve("tenant", "192.0.2.9");
        var cleanAgain = sut.TryReserve("tenant", "192.0.2.9");
        var otherTenant = sut.TryReserve("other", "203.0.113.3");

        Assert.NotNull(clean);
        Assert.Null(clean.Tenant);
        Assert.Null(cleanAgain);
        Assert.NotNull(otherTenant);
    }
}
