using System.Text.Json;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>The built-in prices (<c>default-prices.json</c>, embedded), read once.</summary>
internal sealed class PriceTable
{
    private readonly Dictionary<string, ModelPriceRecord> _defaults = Load();

    public IReadOnlyDictionary<string, ModelPriceRecord> Defaults => _defaults;

    /// <summary>The built-in price of <paramref name="model"/> (see <see cref="Find(string, ImmutableDictionary{string, ModelPriceRecord})"/>), or null.</summary>
    public ModelPriceRecord? Find(string model) => Find(model, ImmutableDictionary<string, ModelPriceRecord>.Empty);

    /// <summary>
    /// The tenant's price for <paramref name="model"/>, or null when neither the tenant nor the table prices it. A listed
    /// name prices itself and every name that starts with it followed by <c>-</c> (its dated and alias forms:
    /// <c>gpt-4o</c> prices <c>gpt-4o-2024-08-06</c>); the longest such name wins, so <c>gpt-4o-mini-2024-07-18</c>
    /// is <c>gpt-4o-mini</c>. At each length the tenant's own price comes before the built-in one.
    /// </summary>
    public ModelPriceRecord? Find(string model, ImmutableDictionary<string, ModelPriceRecord> overrides)
    {
        // Cutting at each '-' from the end tries the names from the longest down: at most a few lookups per request.
        for (var name = model.AsSpan(); !name.IsEmpty; name = name[..Math.Max(name.LastIndexOf('-'), 0)])
        {
            var candidate = name.Length == model.Length ? model : name.ToString();
            if (overrides.TryGetValue(candidate, out var own))
            {
                return own;
            }

            if (_defaults.TryGetValue(candidate, out var listed))
            {
                return listed;
            }
        }

        return null;
    }

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
                price.GetProperty("output").GetDecimal(),
                price.TryGetProperty("cache_write", out var cacheWrite) ? cacheWrite.GetDecimal() : null);
        }

        return prices;
    }
}
