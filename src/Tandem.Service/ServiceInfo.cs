namespace Tandem.Service;

/// <summary>Names shared by the service, the attendant and their tests.</summary>
public static class ServiceInfo
{
    /// <summary>The meter every Tandem metric is published on.</summary>
    public const string MeterName = "Tandem";
}
