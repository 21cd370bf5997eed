using System.Text.Json;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>The built-in prices (<c>default-prices.json</c>, embedded), read once.</summary>
internal sealed class PriceTable
{
    private readonly IReadOnlyDictionary<string, ModelPriceRecord> _defaults = Load();

    public IReadOnlyDictionary<string, ModelPriceRecord> Defaults => _defaults;

    /// <summary>The price of <paramref name="model"/>, or null when the table does not know it (its cost is then 0).</summary>
    public ModelPriceRecord? Find(string model) => _defaults.GetValueOrDefault(model);

    /// <summary>The tenant's price for <paramref name="model"/>: its own override, else the built-in one.</summary>
    public ModelPriceRecord? Find(string model, ImmutableDictionary<string, ModelPriceRecord> overrides) =>
        overrides.TryGetValue(model, out var own) ? own : Find(model);

    /// <summary>The built-in table with the tenant's overrides on top.</summary>
    public ImmutableSortedDictionary<string, ModelPriceRecord> Effective(ImmutableDictionary<string, ModelPriceRecord> overrides) =>
        _defaults.ToImmutableSortedDictionary(StringComparer.Ordinal).SetItems(overrides);

    private static Dictionary<string, ModelPriceRecord> Load()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream("default-prices.json")
            ?? throw new InvalidOperationException("The built-in price table is missing.");
        using var document = JsonDocument.Parse(stream);
        var prices = new Dictionary<string, ModelPriceRecord>(StringComparer.Ordinal);
        foreach (var model in document.RootElement.GetProperty("models").EnumerateObject())
        {
            var price = model.Value;
            prices[model.Name] = new ModelPriceRecord(
                price.GetProperty("input").GetDecimal(),
                price.TryGetProperty("cached_input", out var cached) ? cached.GetDecimal() : null,
                price.GetProperty("output").GetDecimal());
        }

        return prices;
    }
}
