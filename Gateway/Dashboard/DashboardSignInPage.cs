using System.Security.Cryptography;
using System.Text;

namespace XaiRouter.Gateway.Dashboard;

/// <summary>
/// The sign-in form: one self-contained page (no script, no external resource), styled by one inline block that the
/// page's policy allows by its hash only, so the console's strict policy holds here too.
/// </summary>
internal static class DashboardSignInPage
{
    private const string Style =
        "body{font:16px system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f4f7;color:#1c1c24}"
        + "main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:min(24rem,90vw)}"
        + "h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin-bottom:.4rem}"
        + "input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;margin-bottom:1rem}"
        + "button{padding:.5rem 1.2rem;font:inherit}p.error{color:#a4000f}";

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The page; <paramref name="error"/> (fixed text, never input) is shown above the form.</summary>
    public static string Render(string? error) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>Sign in - XaiRouter dashboard</title><style>" + Style + "</style></head><body><main>"
        + "<h1>XaiRouter cluster dashboard</h1>"
        + (error is null ? "" : "<p class=\"error\" role=\"alert\">" + System.Net.WebUtility.HtmlEncode(error) + "</p>")
        + "<form method=\"post\" action=\"" + DashboardOptions.Path + "/sign-in\">"
        + "<label for=\"token\">Operator token</label>"
        + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required autofocus>"
        + "<button type=\"submit\">Sign in</button></form></main></body></html>";
}
