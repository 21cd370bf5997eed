using System.Text.Json.Serialization;

namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>What reaching a monthly budget does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BudgetMode>))]
public enum BudgetMode
{
    /// <summary>Further requests are refused until the month ends.</summary>
    [JsonStringEnumMemberName("hard")]
    Hard,

    /// <summary>Requests are still served, with a warning header and a flag in the usage records.</summary>
    [JsonStringEnumMemberName("soft")]
    Soft,
}
