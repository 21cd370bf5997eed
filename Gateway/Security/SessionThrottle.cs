namespace XaiRouter.Gateway.Security;

/// <summary>
/// The failure budget of passphrase logins (<c>POST /x/session</c>), reserved before the Argon2id work and refunded
/// when the passphrase is right, on three <see cref="FailureThrottle"/> buckets:
/// </summary>
/// <remarks>
/// 1. The client address (shared with access-key authentication): one address never gets more than the burst.
/// 2. The pair (tenant, address). A pair whose allowance is whole (this address has no recent failure against this
///    tenant) is admitted on the address budget alone: that is the owner's own allowance, so nobody else can lock
///    the owner out from a clean address.
/// 3. The tenant, shared by every address that already failed against it: this bounds the guesses a crowd of
///    addresses can make against one tenant beyond each address's first, without touching clean addresses.
/// Each take happens under its bucket's lock, so 32 concurrent guesses from one address are admitted at most the
/// burst; when a later bucket refuses, the earlier takes are refunded.
/// </remarks>
internal sealed class SessionThrottle(FailureThrottle throttle)
{
    /// <summary>Reserves one failure for a login attempt, or returns <see langword="null"/> (answer 429, do no work).</summary>
    public SessionReservation? TryReserve(string tenantId, string clientAddress)
    {
        var pair = "session:" + tenantId + "|" + clientAddress;
        var tenant = "tenant:" + tenantId;
        if (!throttle.TryReserve(clientAddress, out _, out _))
        {
            return null;
        }

        if (!throttle.TryReserve(pair, out var cleanAddress, out _))
        {
            throttle.Refund(clientAddress);
            return null;
        }

        if (cleanAddress)
        {
            return new SessionReservation(clientAddress, pair, null);
        }

        if (!throttle.TryReserve(tenant, out _, out _))
        {
            throttle.Refund(pair);
            throttle.Refund(clientAddress);
            return null;
        }

        return new SessionReservation(clientAddress, pair, tenant);
    }

    /// <summary>The passphrase was right: the attempt costs nothing.</summary>
    public void Refund(SessionReservation reservation)
    {
        throttle.Refund(reservation.Address);
        throttle.Refund(reservation.Pair);
        if (reservation.Tenant is { } tenant)
        {
            throttle.Refund(tenant);
        }
    }
}
