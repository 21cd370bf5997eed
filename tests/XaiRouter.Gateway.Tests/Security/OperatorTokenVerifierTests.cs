using System.Text;

namespace XaiRouter.Gateway.Security.Tests;

public sealed class OperatorTokenVerifierTests
{
    private const string Token = "operator-token-for-unit-tests-0123456789";

    private readonly OperatorTokenVerifier _sut = OperatorTokenVerifier.ForToken(Encoding.UTF8.GetBytes(Token));

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    [InlineData("Bearer   " + Token + "  ")]
    public void Verify_RightToken_ReturnsTrue(string header) => Assert.True(_sut.Verify(header));

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData(Token)]
    [InlineData("Basic " + Token)]
    [InlineData("Bearer " + Token + "x")]
    [InlineData("Bearer x" + Token)]
    [InlineData("Bearer operator-token-for-unit-tests-012345678")]
    public void Verify_WrongOrMalformed_ReturnsFalse(string header) => Assert.False(_sut.Verify(header));

    [Fact]
    public void Verify_MissingHeader_ReturnsFalse() => Assert.False(_sut.Verify(default));

    [Fact]
    public void Verify_TwoHeaders_ReturnsFalse() => Assert.False(_sut.Verify(new(["Bearer " + Token, "Bearer " + Token])));
}
