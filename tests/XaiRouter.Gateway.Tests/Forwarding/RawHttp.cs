using System.Net.Sockets;
using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// HTTP/1.1 over a bare TCP socket, for what HttpClient will not send: broken chunk framing, a body that stalls.
/// </summary>
public static class RawHttp
{
    /// <summary>An answer as read off the wire.</summary>
    public sealed record Answer(int Status, Dictionary<string, string> Headers, string Body);

    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line) and then
    /// <paramref name="body"/>, keeps the connection open without sending more, and reads the answer until the
    /// server has sent it whole (Content-Length) or closed the connection.
    /// </summary>
    public static async Task<Answer> SendAsync(Uri server, string head, byte[] body, CancellationToken testCancellation)
    {
        // A server that never answers fails the test in bounded time instead of hanging the run.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(testCancellation);
        bounded.CancelAfter(TimeSpan.FromSeconds(30));
        var cancellationToken = bounded.Token;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.TrimEnd('\r', '\n') + "\r\n\r\n"), cancellationToken);
            await stream.WriteAsync(body, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // A server that refuses on the headers alone (413 for the Content-Length) may answer and close while the
            // body is still being written (broken pipe); its answer is still there to read.
        }

        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (ParseWhole(received.ToArray()) is null)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                // The server may reset a connection whose request it refused; what it sent before counts.
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        return ParseWhole(received.ToArray()) ?? Parse(received.ToArray())
            ?? throw new InvalidOperationException($"No HTTP answer; received: '{Encoding.UTF8.GetString(received.ToArray())}'");
    }

    /// <summary>The answer once its headers and its whole Content-Length body are in, else null.</summary>
    private static Answer? ParseWhole(byte[] data) =>
        Parse(data) is { } answer && answer.Headers.TryGetValue("content-length", out var length) && Encoding.UTF8.GetByteCount(answer.Body) >= int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)
            ? answer
            : null;

    private static Answer? Parse(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return new Answer(status, headers, body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(chunked.AsSpan(position, lineEnd - position), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            body.Append(chunked.AsSpan(lineEnd + 2, Math.Min(size, chunked.Length - lineEnd - 2)));
            position = lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }
}
