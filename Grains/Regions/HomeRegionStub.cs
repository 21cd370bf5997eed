using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Regions;

/// <summary>STUB for rg-core's home lookup: a row's <c>home_region</c>, empty when the column or the row is missing.</summary>
internal static class HomeRegionStub
{
    public static async Task<string> ReadAsync(StorageDatabase database, string stateName, string key)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT home_region FROM xai_grain_state WHERE state_name = @state AND key_string = @key LIMIT 1";
        AddParameter(command, "state", stateName);
        AddParameter(command, "key", key);
        try
        {
            return await command.ExecuteScalarAsync() as string ?? "";
        }
        catch (System.Data.Common.DbException)
        {
            // No home_region column yet (rg-core's migration 0007): one region's rows, the home is here.
            return "";
        }
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
