namespace Tandem.Formats.ContentLines;

/// <summary>A reusable growable byte array for joining folded lines; one per Read call.</summary>
internal sealed class ByteBuffer
{
    private byte[] _bytes = new byte[256];
    private int _length;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    public void Reset(ReadOnlySpan<byte> start)
    {
        _length = 0;
        Append(start);
    }

    public void Append(ReadOnlySpan<byte> more)
    {
        if (_length + more.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + more.Length));
        }
        more.CopyTo(_bytes.AsSpan(_length));
        _length += more.Length;
    }

    public void Truncate(int count) => _length = Math.Max(0, _length - count);
}
