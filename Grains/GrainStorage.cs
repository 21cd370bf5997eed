namespace XaiRouter.Grains;

/// <summary>
/// Names used with the grain storage. The ADO.NET provider identifies a row by state name and grain key only,
/// not by grain class, so every grain class must use its own state name (a test checks this).
/// </summary>
internal static class GrainStorage
{
    /// <summary>The name of the grain storage provider every grain uses.</summary>
    public const string ProviderName = "xai";
}
