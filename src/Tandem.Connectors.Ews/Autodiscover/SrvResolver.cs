using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tandem.Connectors.Ews.Autodiscover;

internal sealed record SrvRecord(string Target, int Port, int Priority, int Weight);

/// <summary>Looks up DNS SRV records (.NET has no API for them).</summary>
internal interface ISrvResolver
{
    Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// A minimal DNS client for one SRV question over UDP to the first nameserver in /etc/resolv.conf
/// (Windows: none; the step is skipped). Enough for _autodiscover._tcp.domain; no recursion of its own.
/// </summary>
internal sealed class UdpSrvResolver : ISrvResolver
{
    private const ushort TypeSrv = 33;

    public async Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var server = NameServer();
        if (server is null) return [];
        var id = (ushort)Random.Shared.Next(ushort.MaxValue);
        var query = BuildQuery(id, name);
        using var udp = new UdpClient(server.AddressFamily);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await udp.SendAsync(query, new IPEndPoint(server, 53), timeout.Token).ConfigureAwait(false);
            var reply = await udp.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            return Parse(reply.Buffer, id);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    private static IPAddress? NameServer()
    {
        const string path = "/etc/resolv.conf";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "nameserver" && IPAddress.TryParse(parts[1], out var ip)) return ip;
        }
        return null;
    }

    internal static byte[] BuildQuery(ushort id, string name)
    {
        var buffer = new List<byte>(64);
        buffer.AddRange([(byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]); // RD, one question
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            buffer.Add((byte)bytes.Length);
            buffer.AddRange(bytes);
        }
        buffer.AddRange([0, 0, (byte)TypeSrv, 0, 1]); // root label, QTYPE SRV, QCLASS IN
        return [.. buffer];
    }

    internal static IReadOnlyList<SrvRecord> Parse(byte[] reply, ushort id)
    {
        if (reply.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(reply) != id) return [];
        var questions = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(4));
        var answers = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6));
        var pos = 12;
        for (var q = 0; q < questions; q++)
        {
            ReadName(reply, ref pos);
            pos += 4;
        }
        var records = new List<SrvRecord>();
        for (var a = 0; a < answers && pos + 10 <= reply.Length; a++)
        {
            ReadName(reply, ref pos);
            var type = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(pos));
            var length = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(pos + 8));
            pos += 10;
            var end = pos + length;
            if (end > reply.Length) break;
            if (type == TypeSrv && length >= 7)
            {
                var priority = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(pos));
                var weight = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(pos + 2));
                var port = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(pos + 4));
                var targetPos = pos + 6;
                records.Add(new SrvRecord(ReadName(reply, ref targetPos), port, priority, weight));
            }
            pos = end;
        }
        return records;
    }

    private static string ReadName(byte[] data, ref int pos)
    {
        var labels = new List<string>();
        var jumped = false;
        var cursor = pos;
        for (var guard = 0; guard < 128 && cursor < data.Length; guard++)
        {
            var len = data[cursor];
            if (len == 0)
            {
                cursor++;
                break;
            }
            if ((len & 0xC0) == 0xC0)
            {
                var pointer = ((len & 0x3F) << 8) | data[cursor + 1];
                if (!jumped) pos = cursor + 2;
                jumped = true;
                cursor = pointer;
                continue;
            }
            labels.Add(Encoding.ASCII.GetString(data, cursor + 1, len));
            cursor += len + 1;
        }
        if (!jumped) pos = cursor;
        return string.Join('.', labels);
    }
}
