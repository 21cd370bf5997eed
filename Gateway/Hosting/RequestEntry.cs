using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Hosting;

/// <summary>
/// The one middleware in front of every request: gives it its id, then wraps only what its surface needs. A
/// <c>/v1</c> request is watched for refusals to log (<see cref="RefusalRecorder"/>) and nothing else; a management
/// write on <c>/x</c> or <c>/admin</c> empties the record cache after it (<see cref="ManagementWrites"/>), and every
/// answer there is marked not to be stored (<see cref="NoStoreAnswers"/>); every <c>/console</c> answer gets the
/// console's security headers (<see cref="WebConsole.ConsoleAnswers"/>); any other
/// request goes straight on. Three middlewares with an async frame each ran around every <c>/v1</c> request before
/// (about 12 us of CPU a request with the status code pages, measured; issue 16).
/// </summary>
internal sealed class RequestEntry(RefusalRecorder refusals)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        RequestIds.Assign(context);
        if (RefusalRecorder.IsV1(context.Request))
        {
            return refusals.RecordV1Async(context, next);
        }

        if (NoStoreAnswers.Applies(context.Request))
        {
            NoStoreAnswers.Mark(context.Response);
        }
        else if (WebConsole.ConsoleAnswers.Applies(context.Request))
        {
            WebConsole.ConsoleAnswers.Mark(context.Response);
        }

        return ManagementWrites.IsWrite(context.Request) ? ManagementWrites.RunWriteAsync(context, next) : next(context);
    }

    /// <summary>
    /// Whether status code pages may write a body: not on <c>/v1</c>, whose every route (a catch-all included) writes
    /// its own answer in the client's error shape, so there they only cost a feature object and an async frame.
    /// </summary>
    public static bool WantsStatusCodePages(HttpContext context) => !RefusalRecorder.IsV1(context.Request);
}
