using System.Runtime.InteropServices;

namespace Tandem.Connectors.Local;

/// <summary>
/// One flush for a whole batch of files instead of an fsync per file: on Linux, syncfs(2) on the folder's file system
/// writes every dirty page and the journal in one go, which is what a power cut needs (data before the renames that
/// publish it, renames before the engine records them). Elsewhere there is no such call, and each file is flushed
/// as it is written.
/// </summary>
internal static partial class BatchFlush
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>Flushes the file system holding <paramref name="directory"/>; an error is thrown, never ignored.</summary>
    public static void Flush(string directory)
    {
        var fd = Open(directory, ReadOnlyDirectory);
        if (fd < 0) throw new IOException($"cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (SyncFs(fd) != 0) throw new IOException($"flushing the file system of {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
