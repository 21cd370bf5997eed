namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>Which limit refused a request.</summary>
public enum LimitRefusal
{
    /// <summary>A request window (rpm, rph, rpd) is used up.</summary>
    Requests,

    /// <summary>A token window (tpm, tph, tpd) cannot hold the request's estimate.</summary>
    Tokens,

    /// <summary>All concurrency slots are taken.</summary>
    Concurrency,

    /// <summary>The credit or the hard monthly budget cannot pay the request's maximum cost.</summary>
    Budget,
}
