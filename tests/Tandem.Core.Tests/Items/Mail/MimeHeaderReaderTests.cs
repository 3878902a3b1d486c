using System.Text;
using Tandem.Core.Items.Mail;

namespace Tandem.Core.Tests.Items.Mail;

public sealed class MimeHeaderReaderTests
{
    private static MessageHeaders Read(string text) => MimeHeaderReader.Read(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Read_PlainHeaders_GivesEachField()
    {
        var h = Read("From: Alice <alice@lab.test>\r\nTo: bob@lab.test, carol@lab.test\r\nCc: dave@lab.test\r\nSubject: Invoice 42\r\n" +
                     "Date: Tue, 3 Mar 2026 09:15:30 +0100\r\nMessage-ID: <abc.123@lab.test>\r\n\r\nSubject: not a header\r\n");

        Assert.Equal("Alice <alice@lab.test>", h.From);
        Assert.Equal("bob@lab.test, carol@lab.test", h.To);
        Assert.Equal("dave@lab.test", h.Cc);
        Assert.Equal("Invoice 42", h.Subject);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 15, 30, TimeSpan.FromHours(1)), h.Date);
        Assert.Equal("abc.123@lab.test", h.MessageId);
    }

    [Fact]
    public void Read_FoldedLinesAndLfOnly_AreUnfolded()
    {
        var h = Read("Subject: a long\n subject\n\tline\nFrom: x@y.test\n\nbody");

        Assert.Equal("a long subject line", h.Subject);
        Assert.Equal("x@y.test", h.From);
    }

    [Fact]
    public void Read_BodyFieldsAfterEmptyLine_AreNotHeaders()
    {
        var h = Read("From: a@b.test\r\n\r\nSubject: from the body\r\n");

        Assert.Null(h.Subject);
    }

    [Fact]
    public void Read_RepeatedField_KeepsTheFirst()
    {
        Assert.Equal("first", Read("Subject: first\r\nSubject: second\r\n\r\n").Subject);
    }

    [Fact]
    public void Read_MixedCaseNames_AreFound()
    {
        Assert.Equal("id@x", Read("MESSAGE-ID: <id@x>\r\nsubject: s\r\n\r\n").MessageId);
    }

    [Fact]
    public void Read_EncodedWords_AreDecoded()
    {
        // RFC 2047 §8's examples, and a UTF-8 word split across two words in the middle of a character
        var h = Read("From: =?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>\r\n" +
                     "To: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>\r\n" +
                     "Subject: =?UTF-8?B?WsOgxb/Fgg==?= =?UTF-8?Q?_=C3?= =?UTF-8?Q?=B3dka?=\r\n\r\n");

        Assert.Equal("Keith Moore <moore@cs.utk.edu>", h.From);
        Assert.Equal("Keld Jørn Simonsen <keld@dkuug.dk>", h.To);
        Assert.Equal("Zàſł ódka", h.Subject);
    }

    [Fact]
    public void Read_RawUtf8AndLatin1Headers_AreBothReadable()
    {
        var utf8 = MimeHeaderReader.Read(Encoding.UTF8.GetBytes("Subject: Größe\r\n\r\n"));
        var latin1 = MimeHeaderReader.Read(Encoding.Latin1.GetBytes("Subject: Größe\r\n\r\n"));

        Assert.Equal("Größe", utf8.Subject);
        Assert.Equal("Größe", latin1.Subject);
    }

    [Fact]
    public void Read_UnknownCharset_LeavesTheWordAsItWas()
    {
        Assert.Equal("=?x-unknown?Q?abc?= tail", Read("Subject: =?x-unknown?Q?abc?= tail\r\n\r\n").Subject);
    }

    [Fact]
    public void Read_MboxFromLineAndGarbage_AreSkipped()
    {
        var h = Read("From alice@lab.test Sat Dec  5 06:00:57 2026\r\nSubject: kept\r\n\r\n");

        Assert.Equal("kept", h.Subject);
    }

    [Fact]
    public void Read_Empty_GivesNothing()
    {
        Assert.Equal(MessageHeaders.Empty, MimeHeaderReader.Read([]));
    }
}
