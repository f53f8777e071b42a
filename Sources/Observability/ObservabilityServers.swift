import Hummingbird
import KalshiCore
import Logging

/// What the operator asked to be served (`--metrics`, `--dashboard`, `--dashboard-control`).
public struct ObservabilityOptions: Sendable, Equatable {
    public var metrics: ListenAddress?
    public var dashboard: ListenAddress?
    public var dashboardControl = false

    public init(metrics: ListenAddress? = nil, dashboard: ListenAddress? = nil, dashboardControl: Bool = false) {
        self.metrics = metrics
        self.dashboard = dashboard
        self.dashboardControl = dashboardControl
    }

    /// The control is a kill switch: it is offered on loopback only, and only with a dashboard.
    public func validate() throws(ObservabilityError) {
        if dashboardControl {
            guard let dashboard else {
                throw .badAddress(flag: "--dashboard-control", value: "", reason: "needs --dashboard HOST:PORT")
            }
            guard dashboard.isLoopback else { throw .controlNotOnLoopback(dashboard.description) }
        }
    }
}

/// The servers of one session: metrics and the dashboard, each on its own address, fed by one
/// `SessionObserver`. Started before the session's work and stopped after it.
public final class ObservabilityServers: Sendable {
    public let observer: SessionObserver
    public let metrics: HTTPEndpoint?
    public let dashboard: HTTPEndpoint?
    public let control: DashboardControl?

    init(observer: SessionObserver, metrics: HTTPEndpoint?, dashboard: HTTPEndpoint?, control: DashboardControl?) {
        self.observer = observer
        self.metrics = metrics
        self.dashboard = dashboard
        self.control = control
    }

    /// Nothing asked for: no server, an observer that does nothing.
    public static let none = ObservabilityServers(observer: .none, metrics: nil, dashboard: nil, control: nil)

    /// Starts what `options` asks for. `kill` is what the dashboard's button does (with control);
    /// by default it asks the session to engage its kill switch (`SessionObserver.takeKillRequest`).
    public static func start(
        _ options: ObservabilityOptions, model: DashboardModel?, kill: (@Sendable () -> Void)? = nil,
        logger: Logger = Logger(label: "observability")
    ) async throws -> ObservabilityServers {
        try options.validate()
        guard options.metrics != nil || options.dashboard != nil else { return .none }
        let metrics = options.metrics.map { _ in TradingMetrics() }
        var model = options.dashboard == nil ? nil : model
        model?.controlEnabled = options.dashboardControl
        let observer = SessionObserver(metrics: metrics, dashboard: model)
        let control = options.dashboardControl ? DashboardControl(kill: kill ?? { observer.requestKill() }) : nil
        var metricsEndpoint: HTTPEndpoint?
        if let address = options.metrics, let metrics {
            let router = Router()
            MetricsRoutes.register(on: router, registry: metrics.registry)
            metricsEndpoint = try await HTTPEndpoint.start(router: router, address: address, name: "kalshi-trader-metrics", logger: logger)
        }
        var dashboardEndpoint: HTTPEndpoint?
        if let address = options.dashboard {
            let router = Router()
            DashboardRoutes.register(on: router, observer: observer, control: control)
            do {
                dashboardEndpoint = try await HTTPEndpoint.start(
                    router: router, address: address, name: "kalshi-trader-dashboard", logger: logger)
            } catch {
                await metricsEndpoint?.stop()
                throw error
            }
        }
        return ObservabilityServers(observer: observer, metrics: metricsEndpoint, dashboard: dashboardEndpoint, control: control)
    }

    /// Ends open event streams, then stops both servers.
    public func stop() async {
        observer.close()
        await dashboard?.stop()
        await metrics?.stop()
    }

    /// Lines for the console: where to look, and the control's token.
    public var announcements: [String] {
        var lines: [String] = []
        if let dashboard { lines.append("dashboard: \(dashboard.url)/") }
        if let control { lines.append("dashboard control: kill switch enabled; token \(control.token)") }
        if let metrics { lines.append("metrics: \(metrics.url)/metrics") }
        return lines
    }
}
