using System.Text.Json;

namespace XaiRouter.Gateway.Usage;

/// <summary>The built-in prices (<c>default-prices.json</c>, embedded), read once.</summary>
internal sealed class PriceTable
{
    private readonly IReadOnlyDictionary<string, ModelPrice> _defaults = Load();

    public IReadOnlyDictionary<string, ModelPrice> Defaults => _defaults;

    /// <summary>The price of <paramref name="model"/>, or null when the table does not know it (its cost is then 0).</summary>
    public ModelPrice? Find(string model) => _defaults.GetValueOrDefault(model);

    private static Dictionary<string, ModelPrice> Load()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream("default-prices.json")
            ?? throw new InvalidOperationException("The built-in price table is missing.");
        using var document = JsonDocument.Parse(stream);
        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var model in document.RootElement.GetProperty("models").EnumerateObject())
        {
            var price = model.Value;
            prices[model.Name] = new ModelPrice(
                price.GetProperty("input").GetDecimal(),
                price.TryGetProperty("cached_input", out var cached) ? cached.GetDecimal() : null,
                price.GetProperty("output").GetDecimal());
        }

        return prices;
    }
}
