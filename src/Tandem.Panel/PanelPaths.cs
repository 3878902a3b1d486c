using Microsoft.AspNetCore.Http;

namespace Tandem.Panel;

/// <summary>Where the panel's parts live under the service's address.</summary>
internal static class PanelPaths
{
    public const string SignIn = "/signin";
    public const string Api = "/api";
    public const string Events = "/events";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase);

    /// <summary>Callers that cannot follow a redirect to the sign-in page: they get 401/403.</summary>
    public static bool WantsStatus(PathString path) => IsApi(path) || path.StartsWithSegments(Events, StringComparison.OrdinalIgnoreCase);
}
