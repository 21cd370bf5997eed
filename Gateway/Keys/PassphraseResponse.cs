namespace XaiRouter.Gateway.Keys;

/// <summary>The answer to setting a passphrase.</summary>
internal sealed record PassphraseResponse(string Status, DateTimeOffset CreatedAt);
