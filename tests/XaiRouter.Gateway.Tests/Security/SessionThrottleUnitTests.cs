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

    [Fact]
    public void TryReserve_AddressesPacedToTheRefillRate_AreChargedToTheTenantAfterTheirFirstFailure()
    {
        // 30 failures a minute: one bucket token back every 2 s. Ten addresses each guess once every 2 s: judged by its
        // bucket alone, every pair would look clean again at each guess and the tenant budget would never be touched.
        var sut = new SessionThrottle(new FailureThrottle(Options.Create(new AuthOptions { FailureBurst = 3, FailuresPerMinute = 30 }), _clock), _clock);
        const int addresses = 10;
        const int rounds = 10;

        var admitted = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var address = 1; address <= addresses; address++)
            {
                admitted += sut.TryReserve("tenant", $"203.0.113.{address}") is null ? 0 : 1;
            }

            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        // Each address's first guess is clean; the rest share the tenant's burst (3) and its refill (1 per round).
        Assert.InRange(admitted, addresses, addresses + 3 + rounds);
    }

    [Fact]
    public void TryReserve_AfterTheCleanWindow_AnAddressIsCleanAgain()
    {
        var sut = new SessionThrottle(new FailureThrottle(Options.Create(new AuthOptions { FailureBurst = 2, FailuresPerMinute = 30 }), _clock), _clock);
        Assert.Null(Assert.IsType<SessionReservation>(sut.TryReserve("tenant", "198.51.100.1")).Tenant);
        var second = Assert.IsType<SessionReservation>(sut.TryReserve("tenant", "198.51.100.1"));

        _clock.Advance(SessionThrottle.CleanAfter);
        var later = Assert.IsType<SessionReservation>(sut.TryReserve("tenant", "198.51.100.1"));

        Assert.Equal("tenant:tenant", second.Tenant);
        Assert.Null(later.Tenant);
    }
}
