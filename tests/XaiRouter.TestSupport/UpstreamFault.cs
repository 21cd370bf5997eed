namespace XaiRouter.TestSupport;

/// <summary>How a <see cref="FakeUpstream"/> misbehaves, whatever the model.</summary>
public enum UpstreamFault
{
    /// <summary>Answers normally.</summary>
    None,

    /// <summary>Every request gets 500.</summary>
    Always500,

    /// <summary>3 requests of every 10 get 500 (deterministic 30%).</summary>
    Thirty500,

    /// <summary>Every request gets 429 with <c>Retry-After: 7</c>.</summary>
    TooManyRequests,

    /// <summary>Every request gets 401 (a revoked or mistyped provider key).</summary>
    Unauthorized,

    /// <summary>Never answers (until the caller gives up).</summary>
    Hang,

    /// <summary>Answers after <see cref="FakeUpstream.SlowBy"/>.</summary>
    SlowFirstByte,

    /// <summary>A streamed answer sends one chunk, waits for <see cref="FakeUpstream.ReleaseStream"/>, then drops the connection.</summary>
    DropMidStream,
}
