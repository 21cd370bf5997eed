using System.Text;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Usage.Tests;

public sealed class TokenEstimatorTests
{
    private readonly TokenEstimator _sut = new();

    [Fact]
    public void Estimate_ShortText_CountsO200kTokens()
    {
        var sample = new TextSample();
        sample.Add("hello world");

        Assert.Equal(2, _sut.Estimate(sample));
    }

    [Fact]
    public void Estimate_TextLongerThanTheSample_ScalesByLength()
    {
        var sample = new TextSample();
        var chunk = string.Concat(Enumerable.Repeat("hello world ", 10_000));
        sample.Add(chunk);
        sample.Add(chunk);

        var estimate = _sut.Estimate(sample);

        Assert.Equal(2L * chunk.Length, sample.TotalChars);
        Assert.InRange(estimate, 38_000, 42_000);
    }

    [Fact]
    public void RequestScanner_CollectsPromptTextButNotRolesOrIds()
    {
        var scanner = new JsonBodyScanner();

        scanner.Feed(Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Hi"}]}],"user":"ignored"}"""), final: true);

        Assert.Equal("Be brief.Hi", scanner.Text.Text);
    }
}
