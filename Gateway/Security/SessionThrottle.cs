using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// The failure budget of passphrase logins (<c>POST /x/session</c>), reserved before the Argon2id work and refunded
/// when the passphrase is right, on three <see cref="FailureThrottle"/> buckets:
/// </summary>
/// <remarks>
/// 1. The client address (its own bucket, <c>login:{address}</c>): one address never gets more than the burst. It is
///    not the bucket access-key failures count against: those are cheap to make, and a neighbour behind the same NAT
///    spending them must not lock the owner's console login out (the same rule as for valid access keys).
/// 2. The pair (tenant, address). A pair that has not failed within <see cref="CleanAfter"/> (this address has no
///    recent failure against this tenant) is admitted on the address budget alone: that is the owner's own
///    allowance, so nobody else can lock the owner out from a clean address. "Recent" is remembered apart from the
///    pair's bucket, which refills in seconds: judged by the bucket, an address pacing itself to the refill rate
///    would stay "clean" forever and never be charged to the tenant.
/// 3. The tenant, shared by every address that already failed against it: this bounds the guesses a crowd of
///    addresses can make against one tenant beyond each address's first per <see cref="CleanAfter"/>, without
///    touching clean addresses.
/// Each take happens under its bucket's lock, so 32 concurrent guesses from one address are admitted at most the
/// burst; when a later bucket refuses, the earlier takes are refunded.
/// </remarks>
internal sealed class SessionThrottle(FailureThrottle throttle, TimeProvider timeProvider)
{
    /// <summary>How long a failed login keeps its (tenant, address) pair from counting as clean.</summary>
    public static readonly TimeSpan CleanAfter = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, long> _lastAttempt = new(StringComparer.Ordinal);

    public SessionThrottle(FailureThrottle throttle)
        : this(throttle, TimeProvider.System)
    {
    }

    /// <summary>Reserves one failure for a login attempt, or returns <see langword="null"/> (answer 429, do no work).</summary>
    public SessionReservation? TryReserve(string tenantId, string clientAddress)
    {
        var address = "login:" + clientAddress;
        var pair = "session:" + tenantId + "|" + clientAddress;
        var tenant = "tenant:" + tenantId;
        if (!throttle.TryReserve(address, out _, out _))
        {
            return null;
        }

        if (!throttle.TryReserve(pair, out var bucketFull, out _))
        {
            throttle.Refund(address);
            return null;
        }

        // Claim the pair's "clean" status atomically: of concurrent first attempts, only one is the clean one.
        var now = timeProvider.GetTimestamp();
        PruneIfLarge(now);
        var added = true;
        var previous = now;
        _lastAttempt.AddOrUpdate(
            pair,
            static (_, at) => at,
            (_, last, at) =>
            {
                added = false;
                previous = last;
                return at;
            },
            now);
        var cleanAddress = bucketFull && (added || timeProvider.GetElapsedTime(previous, now) >= CleanAfter);
        if (cleanAddress)
        {
            return new SessionReservation(address, pair, null);
        }

        if (!throttle.TryReserve(tenant, out _, out _))
        {
            throttle.Refund(pair);
            throttle.Refund(address);
            return null;
        }

        return new SessionReservation(address, pair, tenant);
    }

    /// <summary>The passphrase was right: the attempt costs nothing, and the address is clean again for this tenant.</summary>
    public void Refund(SessionReservation reservation)
    {
        throttle.Refund(reservation.Address);
        throttle.Refund(reservation.Pair);
        _lastAttempt.TryRemove(reservation.Pair, out _);
        if (reservation.Tenant is { } tenant)
        {
            throttle.Refund(tenant);
        }
    }

    /// <summary>Forgets pairs whose last attempt is older than <see cref="CleanAfter"/>, then the oldest, so memory stays bounded.</summary>
    private void PruneIfLarge(long now)
    {
        if (_lastAttempt.Count < FailureThrottle.MaxTracked)
        {
            return;
        }

        foreach (var (key, last) in _lastAttempt)
        {
            if (timeProvider.GetElapsedTime(last, now) >= CleanAfter)
            {
                _lastAttempt.TryRemove(key, out _);
            }
        }

        if (_lastAttempt.Count >= FailureThrottle.MaxTracked)
        {
            foreach (var key in _lastAttempt.OrderBy(pair => pair.Value).Take(_lastAttempt.Count / 2).Select(pair => pair.Key).ToList())
            {
                _lastAttempt.TryRemove(key, out _);
            }
        }
    }
}
