using System.Globalization;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Store;

/// <summary>
/// Persists the lab (mailboxes, folders, items as their stored XML, tombstones, the change counter) in one SQLite file,
/// so a lab started with a data directory comes back as it was. Written at the end of each mutating request.
/// </summary>
internal sealed class LabDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _flushing = new();

    public LabDatabase(string directory)
    {
        Directory.CreateDirectory(directory);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "lab.db"), Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS mailboxes(address TEXT PRIMARY KEY, display TEXT NOT NULL, password TEXT NOT NULL, impersonate INTEGER NOT NULL, distinguished TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS folders(id TEXT PRIMARY KEY, owner TEXT NOT NULL, parent TEXT, name TEXT NOT NULL, class TEXT, element TEXT NOT NULL,
                distinguished TEXT, cn INTEGER NOT NULL, created_cn INTEGER NOT NULL, last_commit TEXT NOT NULL, deleted INTEGER NOT NULL, ext TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS items(id TEXT PRIMARY KEY, folder TEXT NOT NULL, element TEXT NOT NULL, cn INTEGER NOT NULL, created_cn INTEGER NOT NULL,
                created TEXT NOT NULL, modified TEXT NOT NULL, xml TEXT NOT NULL, pcn TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS items_folder ON items(folder);
            CREATE TABLE IF NOT EXISTS folder_tombstones(id TEXT PRIMARY KEY, owner TEXT NOT NULL, ancestors TEXT NOT NULL, created_cn INTEGER NOT NULL, cn INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS tombstones(folder TEXT NOT NULL, item TEXT NOT NULL, element TEXT NOT NULL, created_cn INTEGER NOT NULL, cn INTEGER NOT NULL, PRIMARY KEY(folder, cn));
            """);
    }

    public bool IsEmpty
    {
        get
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM mailboxes";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0;
        }
    }

    public void Load(LabStore store)
    {
        using (var command = Command("SELECT address, display, password, impersonate, distinguished FROM mailboxes"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var mailbox = new Mailbox { Address = reader.GetString(0), DisplayName = reader.GetString(1), Password = reader.GetString(2), CanImpersonate = reader.GetInt64(3) != 0 };
                foreach (var pair in reader.GetString(4).Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    mailbox.Distinguished[pair[..eq]] = pair[(eq + 1)..];
                }

                store.AttachMailbox(mailbox);
            }
        }

        using (var command = Command("SELECT id, owner, parent, name, class, element, distinguished, cn, created_cn, last_commit, deleted, ext FROM folders ORDER BY created_cn"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var folder = new LabFolder
                {
                    Id = reader.GetString(0),
                    Owner = reader.GetString(1),
                    ParentId = reader.IsDBNull(2) ? null : reader.GetString(2),
                    DisplayName = reader.GetString(3),
                    FolderClass = reader.IsDBNull(4) ? null : reader.GetString(4),
                    ElementName = reader.GetString(5),
                    Distinguished = reader.IsDBNull(6) ? null : reader.GetString(6),
                    ChangeNumber = reader.GetInt64(7),
                    CreatedChangeNumber = reader.GetInt64(8),
                    LastCommit = DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture),
                    DeletedCount = (int)reader.GetInt64(10),
                };
                foreach (var e in XElement.Parse(reader.GetString(11)).Elements())
                {
                    folder.Extended[ExtendedKey.Of(e.Element(Ns.T + "ExtendedFieldURI")!)!] = e;
                }

                store.Attach(folder);
            }
        }

        using (var command = Command("SELECT id, folder, element, cn, created_cn, created, modified, xml, pcn FROM items"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var item = new LabItem
                {
                    Id = reader.GetString(0),
                    FolderId = reader.GetString(1),
                    ElementName = reader.GetString(2),
                    ChangeNumber = reader.GetInt64(3),
                    CreatedChangeNumber = reader.GetInt64(4),
                    Created = DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                    Modified = DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                };
                foreach (var e in XElement.Parse(reader.GetString(7)).Elements())
                {
                    if (e.Name.LocalName == "ExtendedProperty")
                    {
                        item.Extended[ExtendedKey.Of(e.Element(Ns.T + "ExtendedFieldURI")!)!] = e;
                    }
                    else
                    {
                        item.Props[e.Name.LocalName] = e;
                    }
                }

                foreach (var pair in reader.GetString(8).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var tab = pair.LastIndexOf('\t');
                    item.PropertyChangeNumbers[pair[..tab]] = long.Parse(pair[(tab + 1)..], CultureInfo.InvariantCulture);
                }

                store.AttachItem(item);
            }
        }

        using (var command = Command("SELECT folder, item, element, created_cn, cn FROM tombstones"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                store.AttachTombstone(new Tombstone(reader.GetString(1), reader.GetString(0), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        using (var command = Command("SELECT id, owner, ancestors, created_cn, cn FROM folder_tombstones"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                store.AttachFolderTombstone(new FolderTombstone(reader.GetString(0), reader.GetString(1),
                    reader.GetString(2).Split(';', StringSplitOptions.RemoveEmptyEntries), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        using (var command = Command("SELECT value FROM meta WHERE key = 'last_cn'"))
        {
            if (command.ExecuteScalar() is string last)
            {
                store.SetLastChangeNumber(long.Parse(last, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// Writes what the given owners (every owner when null) marked dirty, in one transaction, and clears the marks. The
    /// caller holds those owners' locks; the connection is shared, so flushes of different owners take turns.
    /// </summary>
    public void Flush(LabStore store, IEnumerable<string>? owners = null)
    {
        var journals = store.Journals(owners).Where(j => !j.Dirty.IsEmpty).ToList();
        if (journals.Count == 0)
        {
            return;
        }

        lock (_flushing)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var journal in journals)
            {
                Write(transaction, store, journal.Dirty);
            }

            Run(transaction, "INSERT OR REPLACE INTO meta VALUES('last_cn', $v)", ("$v", store.LastChangeNumber.ToString(CultureInfo.InvariantCulture)));
            transaction.Commit();
        }

        foreach (var journal in journals)
        {
            journal.Dirty.Clear();
        }
    }

    private void Write(SqliteTransaction transaction, LabStore store, DirtySet dirty)
    {
        foreach (var address in dirty.Mailboxes)
        {
            var m = store.FindMailbox(address)!;
            Run(transaction, "INSERT OR REPLACE INTO mailboxes VALUES($a, $d, $p, $i, $x)",
                ("$a", m.Address), ("$d", m.DisplayName), ("$p", m.Password), ("$i", m.CanImpersonate ? 1 : 0),
                ("$x", string.Join(';', m.Distinguished.Select(kv => kv.Key + "=" + kv.Value))));
        }

        foreach (var id in dirty.Folders)
        {
            if (store.Folder(id) is not { } f)
            {
                Run(transaction, "DELETE FROM folders WHERE id = $id", ("$id", id));
                Run(transaction, "DELETE FROM tombstones WHERE folder = $id", ("$id", id));
                continue;
            }

            Run(transaction, "INSERT OR REPLACE INTO folders VALUES($id, $o, $p, $n, $c, $e, $d, $cn, $ccn, $lc, $del, $ext)",
                ("$id", f.Id), ("$o", f.Owner), ("$p", f.ParentId), ("$n", f.DisplayName), ("$c", f.FolderClass), ("$e", f.ElementName),
                ("$d", f.Distinguished), ("$cn", f.ChangeNumber), ("$ccn", f.CreatedChangeNumber), ("$lc", f.LastCommit.ToString("O", CultureInfo.InvariantCulture)),
                ("$del", f.DeletedCount), ("$ext", new XElement("x", f.Extended.Values).ToString(SaveOptions.DisableFormatting)));
        }

        using (var upsert = Prepare(transaction, "INSERT OR REPLACE INTO items VALUES($id, $f, $e, $cn, $ccn, $c, $m, $x, $p)", "$id", "$f", "$e", "$cn", "$ccn", "$c", "$m", "$x", "$p"))
        using (var delete = Prepare(transaction, "DELETE FROM items WHERE id = $id", "$id"))
        {
            foreach (var id in dirty.Items)
            {
                if (store.Item(id) is { } i)
                {
                    var xml = new XElement("x", new XAttribute(XNamespace.Xmlns + "t", Ns.T), i.Props.Values, i.Extended.Values).ToString(SaveOptions.DisableFormatting);
                    var pcn = string.Join('\n', i.PropertyChangeNumbers.Select(kv => kv.Key + "\t" + kv.Value.ToString(CultureInfo.InvariantCulture)));
                    Bind(upsert, i.Id, i.FolderId, i.ElementName, i.ChangeNumber, i.CreatedChangeNumber,
                        i.Created.ToString("O", CultureInfo.InvariantCulture), i.Modified.ToString("O", CultureInfo.InvariantCulture), xml, pcn);
                    upsert.ExecuteNonQuery();
                }
                else
                {
                    Bind(delete, id);
                    delete.ExecuteNonQuery();
                }
            }
        }

        foreach (var t in dirty.Tombstones)
        {
            Run(transaction, "INSERT OR REPLACE INTO tombstones VALUES($f, $i, $e, $ccn, $cn)",
                ("$f", t.FolderId), ("$i", t.ItemId), ("$e", t.ElementName), ("$ccn", t.CreatedChangeNumber), ("$cn", t.ChangeNumber));
        }

        foreach (var t in dirty.FolderTombstones)
        {
            Run(transaction, "INSERT OR REPLACE INTO folder_tombstones VALUES($i, $o, $a, $ccn, $cn)",
                ("$i", t.FolderId), ("$o", t.Owner), ("$a", string.Join(';', t.Ancestors)), ("$ccn", t.CreatedChangeNumber), ("$cn", t.ChangeNumber));
        }

    }

    public void Dispose() => _connection.Dispose();

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private void Run(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql);
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = Command(sql);
        command.Transaction = transaction;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
