using Tandem.State.Postgres;

namespace Tandem.State.Tests.Postgres;

/// <summary>What --state accepts for PostgreSQL, and that the password never shows.</summary>
public sealed class PostgresLocationTests
{
    [Theory]
    [InlineData("postgres://svc@db.example:5433/tandem", true)]
    [InlineData("postgresql://svc@db/tandem", true)]
    [InlineData("Host=db;Database=tandem;Username=svc", true)]
    [InlineData("/var/lib/tandem/tandem.db", false)]
    [InlineData("tandem.db", false)]
    public void Matches_TellsPostgresFromAnSqlitePath(string text, bool postgres) => Assert.Equal(postgres, PostgresLocation.Matches(text));

    [Fact]
    public void Parse_Url_TakesHostPortDatabaseUserAndThePasswordFromTheEnvironment()
    {
        var env = new Dictionary<string, string> { [PostgresLocation.PasswordVariable] = "s3cret" };

        var location = PostgresLocation.Parse("postgres://svc@db.example:5433/tandem?sslmode=disable", env.GetValueOrDefault);

        Assert.Equal("db.example", location.Builder.Host);
        Assert.Equal(5433, location.Builder.Port);
        Assert.Equal("tandem", location.Builder.Database);
        Assert.Equal("svc", location.Builder.Username);
        Assert.Equal("s3cret", location.Builder.Password);
        Assert.Equal("postgres://svc@db.example:5433/tandem", location.Display);
    }

    [Fact]
    public void Parse_PasswordInTheUrl_WinsAndNeverShowsInDisplay()
    {
        var location = PostgresLocation.Parse("postgres://svc:Pa55%40word@db/tandem", _ => "from-env");

        Assert.Equal("Pa55@word", location.Builder.Password);
        Assert.DoesNotContain("Pa55", location.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://svc:Pa55word@db/tandem", "postgres://svc:***@db/tandem")]
    [InlineData("Host=db;Password=Pa55word;Database=t", "Host=db;Password=***;Database=t")]
    [InlineData("Host=db; password = Pa55word;Database=t", "Host=db; password =***;Database=t")]
    public void Mask_HidesThePassword(string text, string masked) => Assert.Equal(masked, PostgresLocation.Mask(text));

    [Fact]
    public void Parse_NoDatabase_IsAClearErrorWithoutThePassword()
    {
        var error = Assert.Throws<TandemConfigurationException>(() => PostgresLocation.Parse("postgres://svc:Pa55word@db", _ => null));

        Assert.Contains("no database name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Pa55word", error.Message, StringComparison.Ordinal);
    }
}
