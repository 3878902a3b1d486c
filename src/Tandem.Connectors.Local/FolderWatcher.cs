namespace Tandem.Connectors.Local;

/// <summary>
/// Calls back when item files in one directory change. It only says "look again": the scan finds what changed,
/// so lost or coalesced events (and the watcher's buffer overflowing) cost nothing but a later look.
/// </summary>
internal sealed class FolderWatcher : IAsyncDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly string _extension;
    private readonly Action _onChange;

    public FolderWatcher(string directory, string extension, Action onChange)
    {
        _extension = extension;
        _onChange = onChange;
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Created += OnEvent;
        _watcher.Changed += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnEvent;
        _watcher.Error += (_, _) => _onChange();
        _watcher.EnableRaisingEvents = true;
    }

    public ValueTask DisposeAsync()
    {
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        // temp files are half a write; the rename that follows is the event that matters
        if (e.Name is { } name && !ItemFileNames.IsHidden(name) && name.EndsWith(_extension, StringComparison.OrdinalIgnoreCase)) _onChange();
        else if (e is RenamedEventArgs r && r.OldName is { } old && !ItemFileNames.IsHidden(old) && old.EndsWith(_extension, StringComparison.OrdinalIgnoreCase)) _onChange();
    }
}
