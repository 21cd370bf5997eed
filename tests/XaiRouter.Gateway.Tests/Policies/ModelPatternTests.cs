namespace XaiRouter.Gateway.Policies.Tests;

public sealed class ModelPatternTests
{
    [Theory]
    [InlineData("gpt-4o*", "gpt-4o-mini", true)]
    [InlineData("gpt-4o*", "gpt-4.1", false)]
    [InlineData("gpt-4o", "gpt-4o", true)]
    [InlineData("gpt-4o", "gpt-4o-mini", false)]
    [InlineData("*", "anything", true)]
    public void Matches_Model(string pattern, string model, bool expected) => Assert.Equal(expected, ModelPattern.Matches(pattern, model));

    [Theory]
    [InlineData("gpt-4o*", "gpt-4o-mini", true)]
    [InlineData("gpt-4o*", "gpt-4o-mini*", true)]
    [InlineData("gpt-4o*", "gpt-4*", false)]
    [InlineData("gpt-4o", "gpt-4o*", false)]
    [InlineData("*", "gpt-4*", true)]
    [InlineData("text-embedding-3-small", "text-embedding-3-small", true)]
    public void Covers_OnlyNarrowerOrEqualPatterns(string outer, string inner, bool expected) => Assert.Equal(expected, ModelPattern.Covers(outer, inner));
}
