using System.Collections.Immutable;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Issue 15, defect 5: dated and <c>-latest</c> names are priced by their family; the longest matching name wins.</summary>
public sealed class PriceTableTests
{
    private static readonly PriceTable Table = new();

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku")]
    [InlineData("claude-3-5-haiku-20241022", "claude-3-5-haiku")]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1-20250805", "claude-opus-4-1")]
    [InlineData("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini")]
    [InlineData("o3-mini-2025-01-31", "o3-mini")]
    [InlineData("gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct")]
    [InlineData("gemini-2.5-flash-lite-preview-09-2025", "gemini-2.5-flash-lite")]
    [InlineData("gemini-2.0-flash-001", "gemini-2.0-flash")]
    [InlineData("grok-4-0709", "grok-4")]
    [InlineData("grok-4-fast-reasoning", "grok-4-fast")]
    [InlineData("grok-3-mini-latest", "grok-3-mini")]
    public void DatedAndAliasNames_ArePricedAsTheirLongestListedFamily(string model, string family)
    {
        var price = Table.Find(model, ImmutableDictionary<string, ModelPriceRecord>.Empty);

        Assert.NotNull(price);
        Assert.Equal(Table.Defaults[family], price);
    }

    [Fact]
    public void AnOlderSnapshotWithItsOwnEntry_KeepsItsOwnPrice()
    {
        var snapshot = Table.Find("gpt-4o-2024-05-13", ImmutableDictionary<string, ModelPriceRecord>.Empty);

        Assert.NotEqual(Table.Defaults["gpt-4o"], snapshot);
        Assert.Equal(5.00m, snapshot!.Input);
    }

    [Theory]
    [InlineData("gpt-4omni")]
    [InlineData("house-model")]
    [InlineData("gpt")]
    public void NamesThatOnlyShareCharacters_AreNotPriced(string model) =>
        Assert.Null(Table.Find(model, ImmutableDictionary<string, ModelPriceRecord>.Empty));

    [Fact]
    public void TenantPrices_OverrideTheirNameAndItsDatedForms_ButNotALongerListedFamily()
    {
        var own = new ModelPriceRecord(1m, null, 2m);
        var overrides = ImmutableDictionary<string, ModelPriceRecord>.Empty.Add("gpt-4o", own);

        Assert.Equal(own, Table.Find("gpt-4o", overrides));
        Assert.Equal(own, Table.Find("gpt-4o-2024-08-06", overrides));
        Assert.Equal(Table.Defaults["gpt-4o-mini"], Table.Find("gpt-4o-mini-2024-07-18", overrides));
    }

    [Fact]
    public void EveryProvider_HasCurrentModelsWithCachePrices()
    {
        foreach (var model in new[] { "gpt-5", "gpt-4.1", "o4-mini", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash", "grok-4", "grok-code-fast" })
        {
            var price = Table.Defaults[model];
            Assert.NotNull(price.CachedInput);
            Assert.True(price.CachedInput < price.Input, model);
        }
    }
}
