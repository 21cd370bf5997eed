namespace XaiRouter.TestSupport;

/// <summary>One request as the fake upstream received it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
