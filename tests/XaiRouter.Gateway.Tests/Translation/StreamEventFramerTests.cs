using System.Text;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary><see cref="SseEventFramer"/>: event ends (LF and CRLF, as the usage tap splits them), held partial events, fields.</summary>
public sealed class StreamEventFramerTests
{
    [Theory]
    [InlineData("data: a\n\ndata: b\n\n")]
    [InlineData("data: a\r\n\r\ndata: b\r\n\r\n")]
    [InlineData("data: a\n\r\ndata: b\n\n")]
    public void SplitsEvents_AtBlankLines(string stream)
    {
        Assert.Equal(["a", "b"], Frame(stream, stream.Length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void EventsSplitAcrossWrites_AreJoined(int piece)
    {
        Assert.Equal(["first", "second", "third"], Frame("event: x\ndata: first\n\ndata: second\r\n\r\n: comment\ndata: third\n\n", piece));
    }

    [Fact]
    public void ALoneCarriageReturn_DoesNotEndAnEvent()
    {
        Assert.Equal(["a\r\rb"], Frame("data: a\r\rb\n\n", 3));
    }

    [Fact]
    public void Fields_NameAndDataLines_JoinedWithNewlines_OneSpaceDropped()
    {
        var framer = new SseEventFramer();

        Assert.True(framer.TryReadFields("event: message_start\r\ndata:  x\r\ndata:y\r\n\r\n"u8, out var name, out var data));
        Assert.Equal("message_start", Encoding.UTF8.GetString(name));
        Assert.Equal(" x\ny", Encoding.UTF8.GetString(data));
        Assert.False(framer.TryReadFields(": keep-alive\n\n"u8, out _, out _));
    }

    [Fact]
    public void RestAtTheEnd_IsTheEventWithoutItsBlankLine_Once()
    {
        var framer = new SseEventFramer();
        var input = "data: a\n\ndata: [DONE]"u8;

        Assert.True(framer.TryRead(ref input, out _));
        Assert.False(framer.TryRead(ref input, out _));
        Assert.Equal("data: [DONE]", Encoding.UTF8.GetString(framer.TakeRest()));
        Assert.True(framer.TakeRest().IsEmpty);
    }

    private static List<string> Frame(string stream, int piece)
    {
        var framer = new SseEventFramer();
        var data = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var offset = 0; offset < bytes.Length; offset += piece)
        {
            var input = (ReadOnlySpan<byte>)bytes.AsSpan(offset, Math.Min(piece, bytes.Length - offset));
            while (framer.TryRead(ref input, out var completeEvent))
            {
                if (framer.TryReadFields(completeEvent, out _, out var value))
                {
                    data.Add(Encoding.UTF8.GetString(value));
                }
            }
        }

        return data;
    }
}
