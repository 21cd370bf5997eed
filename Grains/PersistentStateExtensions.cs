namespace XaiRouter.Grains;

/// <summary>Keeps a grain's in-memory state equal to what is stored when a write fails.</summary>
internal static class PersistentStateExtensions
{
    /// <summary>Writes the state; if the write fails, runs <paramref name="undo"/> to revert the in-memory change, then rethrows.</summary>
    public static async Task WriteOrUndoAsync<T>(this IPersistentState<T> state, Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}
