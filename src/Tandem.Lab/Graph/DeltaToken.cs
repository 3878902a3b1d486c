using System.Buffers.Text;
using System.Text.Json;

namespace Tandem.Lab.Graph;

/// <summary>
/// What a $skiptoken or $deltatoken stands for: the change number read up to, whether the round is the initial one (which
/// lists items, not deletions), the $expand of the first request (tokens carry the first request's options, as Graph's
/// do), and the fault epoch it was issued in (<see cref="GraphFaults.LoseDeltaTokens"/>). Opaque to clients.
/// </summary>
internal sealed record DeltaToken(int Epoch, long After, bool Initial, string? Expand)
{
    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Wire(Epoch, After, Initial, Expand), WireContext.Default.Wire));

    public static DeltaToken? Decode(string text)
    {
        try
        {
            var wire = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(text), WireContext.Default.Wire);
            return wire is null ? null : new DeltaToken(wire.E, wire.C, wire.I, wire.X);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    internal sealed record Wire(int E, long C, bool I, string? X);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(DeltaToken.Wire))]
internal sealed partial class WireContext : System.Text.Json.Serialization.JsonSerializerContext;
