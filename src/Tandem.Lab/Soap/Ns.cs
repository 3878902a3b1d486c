using System.Xml.Linq;

namespace Tandem.Lab.Soap;

/// <summary>The XML namespaces of EWS and Autodiscover (the http:// forms; the docs' https:// rewrites are wrong).</summary>
internal static class Ns
{
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    public static readonly XNamespace E = "http://schemas.microsoft.com/exchange/services/2006/errors";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    public static readonly XNamespace Autodiscover = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
    public static readonly XNamespace Wsa = "http://www.w3.org/2005/08/addressing";
    public static readonly XNamespace PoxRequest = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    public static readonly XNamespace PoxResponse = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    public static readonly XNamespace PoxOutlook = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
}
