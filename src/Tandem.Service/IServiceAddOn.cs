using Microsoft.AspNetCore.Builder;

namespace Tandem.Service;

/// <summary>
/// Something the service hosts on its web server beside health and metrics (the administration panel): it adds its
/// services before the host is built and maps its endpoints after. The service itself knows nothing of it.
/// </summary>
public interface IServiceAddOn
{
    void AddServices(WebApplicationBuilder builder, Runtime.ServiceSettings settings);

    void Map(WebApplication app);
}
