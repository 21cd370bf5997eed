using System.Text.Json.Serialization.Metadata;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// A report row's <c>key_name</c> and <c>provider_key_name</c> are written, null included (a key that no longer
/// exists), exactly on the rows grouped by that dimension; every other row and the totals leave them out.
/// </summary>
internal static class UsageRowJson
{
    public static void NamesWhereGrouped(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UsageFields))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            property.ShouldSerialize = property.Name switch
            {
                "key_name" => static (row, _) => ((UsageFields)row).Key is not null,
                "provider_key_name" => static (row, _) => ((UsageFields)row).ProviderKey is not null,
                _ => property.ShouldSerialize,
            };
        }
    }
}
