namespace XaiRouter.Gateway.Hosting;

/// <summary>Operator API settings, configuration section <c>Operator</c>.</summary>
internal sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    /// <summary>Shortest accepted <see cref="Token"/>.</summary>
    public const int MinimumTokenLength = 24;

    /// <summary>Name of the generated token file in the data directory.</summary>
    public const string TokenFileName = "operator-token";

    /// <summary>
    /// <c>Operator:Token</c>: the operator bearer token. When unset, one is generated on first start (32 random
    /// bytes, base62) into <c>DataDirectory/operator-token</c> with mode 0600. Never logged.
    /// </summary>
    public string? Token { get; set; }
}
