using Microsoft.Extensions.Logging;
using Tandem.Engine;
using Tandem.Service.Telemetry;
using Tandem.State;

namespace Tandem.Service.Runtime;

/// <summary>What every group runner shares.</summary>
internal sealed record RunnerContext(
    SyncEngine Engine, IStateStore Store, ConnectorPool Pool, TimeProvider Time, ServiceSettings Settings, GroupBoard Board, TandemMetrics Metrics, ILogger Logger,
    Cluster.GroupPlacement? Placement = null);
