using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Finds the operator token: <c>Operator:Token</c> when set, else the token file in the data directory,
/// generated on first start (32 random bytes, base62, file mode 0600). Logs where it came from, never the token.
/// </summary>
internal sealed partial class OperatorTokenSource(IOptions<OperatorOptions> options, SiloSettings silo, ILogger<OperatorTokenSource> logger)
{
    /// <summary>Random bytes in a generated token: 256 bits.</summary>
    public const int GeneratedTokenBytes = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string TokenFilePath => Path.Combine(silo.DataDirectory, OperatorOptions.TokenFileName);

    public OperatorTokenVerifier CreateVerifier()
    {
        if (options.Value.Token is { } configured)
        {
            LogTokenFromConfiguration(logger);
            return OperatorTokenVerifier.ForToken(Encoding.UTF8.GetBytes(configured));
        }

        byte[] token;
        if (File.Exists(TokenFilePath))
        {
            token = ReadTokenFile();
            LogTokenLoaded(logger, TokenFilePath);
        }
        else
        {
            token = GenerateTokenFile();
        }

        try
        {
            return OperatorTokenVerifier.ForToken(token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
        }
    }

    private byte[] GenerateTokenFile()
    {
        var token = Encoding.ASCII.GetBytes(RandomIds.NewBase62(GeneratedTokenBytes));

        // CreateNew with the mode set at creation: the file is never readable by others, not even briefly,
        // and two processes starting together cannot both write it.
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using var stream = new FileStream(TokenFilePath, fileOptions);
            stream.Write(token);
        }
        catch (IOException) when (File.Exists(TokenFilePath))
        {
            CryptographicOperations.ZeroMemory(token);
            return ReadTokenFile();
        }

        LogTokenGenerated(logger, TokenFilePath);
        return token;
    }

    private byte[] ReadTokenFile()
    {
        // A file written by an older version (or by hand) may be readable by others: restrict it, like the database.
        if (OwnerOnlyFiles.Tighten(TokenFilePath))
        {
            LogTokenFileTooOpen(logger, TokenFilePath);
        }

        var bytes = File.ReadAllBytes(TokenFilePath);
        var length = bytes.AsSpan().TrimEnd("\r\n \t"u8).Length;
        if (length < OperatorOptions.MinimumTokenLength)
        {
            CryptographicOperations.ZeroMemory(bytes);
            throw new InvalidOperationException(
                $"The operator token file {TokenFilePath} holds fewer than {OperatorOptions.MinimumTokenLength} characters; delete it to generate a new token.");
        }

        var token = bytes.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(bytes);
        return token;
    }

    [LoggerMessage(EventId = EventIds.OperatorTokenFromConfiguration, EventName = nameof(EventIds.OperatorTokenFromConfiguration),
        Level = LogLevel.Information, Message = "Operator token taken from the configuration key Operator:Token")]
    private static partial void LogTokenFromConfiguration(ILogger logger);

    [LoggerMessage(EventId = EventIds.OperatorTokenGenerated, EventName = nameof(EventIds.OperatorTokenGenerated),
        Level = LogLevel.Warning, Message = "Operator token generated and saved to {Path} (mode 0600); read it from that file to use the /admin API")]
    private static partial void LogTokenGenerated(ILogger logger, string path);

    [LoggerMessage(EventId = EventIds.OperatorTokenLoaded, EventName = nameof(EventIds.OperatorTokenLoaded),
        Level = LogLevel.Information, Message = "Operator token read from {Path}")]
    private static partial void LogTokenLoaded(ILogger logger, string path);

    [LoggerMessage(EventId = EventIds.OperatorTokenFileTooOpen, EventName = nameof(EventIds.OperatorTokenFileTooOpen),
        Level = LogLevel.Warning, Message = "Operator token file {Path} was readable by other users; its group and other permissions were removed")]
    private static partial void LogTokenFileTooOpen(ILogger logger, string path);
}
