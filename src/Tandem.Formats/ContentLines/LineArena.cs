using System.Buffers;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// The unfolded bytes of every line of one read, back to back, so that a <see cref="ContentLine"/> can keep its
/// value as a range and decode it only when a codec asks for it (most of a calendar's values — DTSTAMP, alarm
/// texts, the dates that are parsed straight from the bytes — never become strings). A codec's read borrows the
/// array from the shared pool and releases it when the read is done: a line used after that throws rather than
/// reading another read's bytes.
/// </summary>
internal sealed class LineArena
{
    private byte[]? _bytes;
    private bool _pooled;

    private LineArena(byte[] bytes, bool pooled)
    {
        _bytes = bytes;
        _pooled = pooled;
    }

    /// <summary>
    /// Unfolding only removes bytes, so the data's own length holds all of its lines (several slices of the same
    /// data, read one after the other, too).
    /// </summary>
    public static LineArena Owned(int capacity) => new(new byte[Math.Max(capacity, 16)], pooled: false);

    /// <summary>For a read whose lines do not outlive it; <see cref="Release"/> gives the array back.</summary>
    public static LineArena Pooled(int capacity) => new(ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 16)), pooled: true);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Slice(int start, int length) =>
        (_bytes ?? throw new InvalidOperationException("The content line's read has ended; its value can no longer be decoded.")).AsSpan(start, length);

    public void Append(ReadOnlySpan<byte> more)
    {
        var bytes = _bytes ?? throw new InvalidOperationException("The read has ended.");
        if (Length + more.Length > bytes.Length)
        {
            // Not expected (see Owned); kept correct all the same. The pooled array goes back, the new one does not.
            var larger = new byte[Math.Max(bytes.Length * 2, Length + more.Length)];
            bytes.AsSpan(0, Length).CopyTo(larger);
            ReturnToPool();
            _pooled = false;
            _bytes = bytes = larger;
        }
        more.CopyTo(bytes.AsSpan(Length));
        Length += more.Length;
    }

    public void TruncateTo(int length) => Length = length;

    public void Release()
    {
        ReturnToPool();
        _bytes = null;
    }

    private void ReturnToPool()
    {
        if (_pooled && _bytes is not null && _bytes.Length > 0) ArrayPool<byte>.Shared.Return(_bytes);
    }
}
