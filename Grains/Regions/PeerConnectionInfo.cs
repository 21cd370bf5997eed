using System.Globalization;
using System.Text;
using Npgsql;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// Turns a peer's <c>Region:Peers:N:Postgres</c> (an Npgsql connection string) into the libpq connection string that
/// <c>CREATE SUBSCRIPTION ... CONNECTION</c> needs: the subscribing PostgreSQL server, not this process, connects to
/// the peer. Carried: host, port, database, user, password, SSL mode and connect timeout. The result may hold a
/// password: it goes to the database (pg_subscription, readable by superusers only), never to a log.
/// </summary>
internal static class PeerConnectionInfo
{
    public static string ToLibpq(string npgsqlConnectionString)
    {
        var source = new NpgsqlConnectionStringBuilder(npgsqlConnectionString);
        var result = new StringBuilder();
        Append(result, "host", source.Host);
        Append(result, "port", source.Port.ToString(CultureInfo.InvariantCulture));
        Append(result, "dbname", source.Database);
        Append(result, "user", source.Username);
        Append(result, "password", source.Password);
        Append(result, "sslmode", SslMode(source.SslMode));
        Append(result, "connect_timeout", source.Timeout.ToString(CultureInfo.InvariantCulture));
        return result.ToString();
    }

    /// <summary>The connection string as a SQL string literal (standard_conforming_strings, on by default since 9.1).</summary>
    public static string ToSqlLiteral(string libpq) => "'" + libpq.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string SslMode(SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => "prefer",
    };

    /// <summary>libpq's <c>keyword='value'</c>, with backslash and quote escaped by a backslash.</summary>
    private static void Append(StringBuilder result, string keyword, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (result.Length > 0)
        {
            result.Append(' ');
        }

        result.Append(keyword).Append("='")
            .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal))
            .Append('\'');
    }
}
