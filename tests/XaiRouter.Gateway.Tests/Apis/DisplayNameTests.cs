namespace XaiRouter.Gateway.Apis.Tests;

public sealed class DisplayNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Acme Corp")]
    [InlineData("Ünïcødé – ok")]
    [InlineData(" padded ")]
    public void Validate_PrintableName_ReturnsNull(string name) => Assert.Null(DisplayName.Validate(name));

    [Fact]
    public void Validate_SixtyFourCharacters_IsTheLimit()
    {
        Assert.Null(DisplayName.Validate(new string('x', 64)));
        Assert.NotNull(DisplayName.Validate(new string('x', 65)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0")]
    [InlineData("bidi\u202Eoverride")]
    [InlineData("private\uE000use")]
    public void Validate_NotPrintable_ReturnsReason(string? name) => Assert.NotNull(DisplayName.Validate(name));

    [Fact]
    public void Validate_UnpairedSurrogate_ReturnsReason() =>
        Assert.Contains("surrogate", DisplayName.Validate("lone" + (char)0xDC00), StringComparison.Ordinal);
}
