import Metrics
import Prometheus

/// The Prometheus registry behind `/metrics`. The metrics system is global to the process, so
/// it is bootstrapped once, on first use, whether by the server or by tests.
enum Telemetry {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The exposition text.
    static func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
