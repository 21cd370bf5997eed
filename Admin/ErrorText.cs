namespace XaiRouter.Admin;

/// <summary>An exception as one line: its type and the first line of its message, never its stack trace.</summary>
internal static class ErrorText
{
    public static string Of(Exception exception)
    {
        while (exception is AggregateException { InnerException: { } inner })
        {
            exception = inner;
        }

        var message = exception.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return $"{exception.GetType().Name}: {(end < 0 ? message : message[..end]).Trim()}";
    }
}
