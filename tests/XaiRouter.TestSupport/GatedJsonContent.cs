using System.Net;
using System.Text;

namespace XaiRouter.TestSupport;

/// <summary>
/// A request body sent in two parts: the first part at once, the rest only when <see cref="Release"/> is called,
/// so a test can hold a request in flight for as long as it needs.
/// </summary>
public sealed class GatedJsonContent(string first, string rest) : HttpContent
{
    private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstPartSent => _firstSent.Task;

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
        await stream.FlushAsync();
        _firstSent.TrySetResult();
        await _release.Task;
        await stream.WriteAsync(Encoding.UTF8.GetBytes(rest));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
