namespace XaiRouter.Gateway.Tenants.Tests;

public sealed class TenantNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Acme Corp")]
    [InlineData("Ünïcødé – ok")]
    [InlineData(" padded ")]
    public void Validate_PrintableName_ReturnsNull(string name) => Assert.Null(TenantName.Validate(name));

    [Fact]
    public void Validate_SixtyFourCharacters_IsTheLimit()
    {
        Assert.Null(TenantName.Validate(new string('x', 64)));
        Assert.NotNull(TenantName.Validate(new string('x', 65)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0")]
    [InlineData("bidi\u202Eoverride")]
    [InlineData("private\uE000use")]
    public void Validate_NotPrintable_ReturnsReason(string? name) => Assert.NotNull(TenantName.Validate(name));

    [Fact]
    public void Validate_UnpairedSurrogate_ReturnsReason() =>
        Assert.Contains("surrogate", TenantName.Validate("lone" + (char)0xDC00), StringComparison.Ordinal);
}
