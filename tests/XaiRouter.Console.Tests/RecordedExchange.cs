namespace XaiRouter.Console.Tests;

/// <summary>One request the page sent, its response (null when it failed) and the response body as it arrived.</summary>
public sealed record RecordedExchange(IRequest Request, IResponse? Response, Task<byte[]?> Body);
