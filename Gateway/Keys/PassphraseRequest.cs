namespace XaiRouter.Gateway.Keys;

/// <summary>Body of <c>POST /x/passphrase</c>.</summary>
internal sealed record PassphraseRequest(string? Passphrase);
