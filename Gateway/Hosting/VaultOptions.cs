namespace XaiRouter.Gateway.Hosting;

/// <summary>Vault settings, configuration section <c>Vault</c>.</summary>
internal sealed class VaultOptions
{
    public const string SectionName = "Vault";

    /// <summary>Shortest accepted <see cref="Pepper"/>, in characters.</summary>
    public const int MinimumPepperLength = 16;

    /// <summary>Longest accepted <see cref="Pepper"/>, in UTF-8 bytes.</summary>
    public const int MaximumPepperBytes = 256;

    /// <summary>
    /// <c>Vault:Pepper</c>: optional server-side second secret mixed into key derivation. Keep it outside the
    /// database and its backups. Never logged.
    /// </summary>
    public string? Pepper { get; set; }
}
