namespace XaiRouter.Admin;

/// <summary>
/// A limit scope on the command line: <c>&lt;tenant&gt;/k:&lt;keyId&gt;</c>, <c>&lt;tenant&gt;/pk:&lt;providerKeyId&gt;</c>, either
/// followed by <c>:m:&lt;model pattern&gt;</c> for a <c>per_model</c> entry (the tenant by id or name).
/// </summary>
internal sealed record LimitScopeName(string Tenant, string Scope)
{
    public const string Syntax = "<tenant>/k:<keyId>[:m:<model>] or <tenant>/pk:<providerKeyId>[:m:<model>]";

    /// <summary>The scope, or <see langword="null"/> when <paramref name="text"/> does not have its shape.</summary>
    public static LimitScopeName? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var scope = text[(slash + 1)..];
        var id = scope.StartsWith("k:", StringComparison.Ordinal) ? scope[2..] : scope.StartsWith("pk:", StringComparison.Ordinal) ? scope[3..] : null;
        return string.IsNullOrEmpty(id) || id.StartsWith(':') ? null : new LimitScopeName(text[..slash], scope);
    }

    /// <summary>The scope's argument, checked by the parser (a malformed scope is a bad command line: exit 2).</summary>
    public static Argument<string> Argument()
    {
        var argument = new Argument<string>("scope") { Description = "The limit scope: " + Syntax + "." };
        argument.Validators.Add(static result =>
        {
            if (result.Tokens.Count == 1 && Parse(result.Tokens[0].Value) is null)
            {
                result.AddError($"'{result.Tokens[0].Value}' is not a limit scope: expected {Syntax}.");
            }
        });
        return argument;
    }
}
