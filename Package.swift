// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],  // Linux is the target; this only keeps macOS builds honest
    products: [.executable(name: "switchboard", targets: ["switchboard"])],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
    ],
    targets: [
        // Domain values and rules; no I/O and no dependencies, by rule.
        .target(name: "SwitchboardCore"),
        // SIP's messages, transactions and dialogs as values and state machines; no I/O (the gateway's transport wraps it).
        .target(name: "SwitchboardSIP", dependencies: [crypto]),
        .target(name: "SwitchboardServices", dependencies: ["SwitchboardCore", "SwitchboardSIP", log, bcrypt, crypto]),
        .target(
            name: "SwitchboardStore",
            dependencies: ["SwitchboardCore", sqlKit, sqliteKit, postgresKit, sqliteNIO, postgresNIO, asyncKit, nioCore, nioPosix, lifecycle, log, metrics]
        ),
        .target(
            name: "SwitchboardHTTP",
            dependencies: ["SwitchboardServices", "SwitchboardCore", hummingbird, hbWebSocket, nioWebSocket, httpTypes, nioCore, log, metrics],
            resources: [.copy("Public")]
        ),
        .target(
            name: "SwitchboardApp",
            dependencies: [
                "SwitchboardHTTP", "SwitchboardStore", "SwitchboardServices", "SwitchboardCore", "SwitchboardSIP",
                hummingbird, hbWebSocket, wsClient, argumentParser, configuration, lifecycle, log, metrics, prometheus,
                asyncHTTPClient, hdrHistogram, nioCore, nioHTTP1, nioPosix, systemPackage, unixSignals,
            ]
        ),
        .executableTarget(name: "switchboard", dependencies: ["SwitchboardApp", log]),
        .target(name: "SwitchboardTestSupport", dependencies: ["SwitchboardCore", "SwitchboardServices", "SwitchboardStore", log, postgresKit]),

        .testTarget(name: "SwitchboardCoreTests", dependencies: ["SwitchboardCore", "SwitchboardTestSupport"]),
        .testTarget(name: "SwitchboardSIPTests", dependencies: ["SwitchboardSIP", "SwitchboardCore", crypto]),
        .testTarget(name: "SwitchboardServicesTests", dependencies: ["SwitchboardServices", "SwitchboardCore", "SwitchboardTestSupport"]),
        .testTarget(name: "SwitchboardStoreTests", dependencies: ["SwitchboardStore", "SwitchboardCore", "SwitchboardTestSupport"]),
        .testTarget(
            name: "SwitchboardHTTPTests",
            dependencies: ["SwitchboardHTTP", "SwitchboardServices", "SwitchboardCore", "SwitchboardTestSupport", hummingbird, hbTesting]
        ),
        .testTarget(
            name: "SwitchboardAppTests",
            dependencies: ["SwitchboardApp", "SwitchboardCore", "SwitchboardServices", "SwitchboardStore", "SwitchboardTestSupport", configuration, hummingbird, hbTesting, wsClient, nioWebSocket, httpTypes, asyncHTTPClient, lifecycle, log, nioCore, nioHTTP1]
        ),
    ]
)

// Applied to every target, as hummingbird, penny-bot and openapi-generator do.
for target in package.targets where target.type != .plugin {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .treatAllWarnings(as: .error),
    ]
}

// Computed vars, not lets: a `let` here silently does not take effect (swiftlang/swift-package-manager#6597).
var log: Target.Dependency { .product(name: "Logging", package: "swift-log") }
var metrics: Target.Dependency { .product(name: "Metrics", package: "swift-metrics") }
var prometheus: Target.Dependency { .product(name: "Prometheus", package: "swift-prometheus") }
var lifecycle: Target.Dependency { .product(name: "ServiceLifecycle", package: "swift-service-lifecycle") }
var hummingbird: Target.Dependency { .product(name: "Hummingbird", package: "hummingbird") }
var hbWebSocket: Target.Dependency { .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket") }
var wsClient: Target.Dependency { .product(name: "HummingbirdWSClient", package: "hummingbird-websocket") }
var hbTesting: Target.Dependency { .product(name: "HummingbirdTesting", package: "hummingbird") }
var bcrypt: Target.Dependency { .product(name: "HummingbirdBcrypt", package: "hummingbird-auth") }
var argumentParser: Target.Dependency { .product(name: "ArgumentParser", package: "swift-argument-parser") }
var configuration: Target.Dependency { .product(name: "Configuration", package: "swift-configuration") }
var asyncHTTPClient: Target.Dependency { .product(name: "AsyncHTTPClient", package: "async-http-client") }
var hdrHistogram: Target.Dependency { .product(name: "Histogram", package: "hdrhistogram-swift") }
var sqlKit: Target.Dependency { .product(name: "SQLKit", package: "sql-kit") }
var sqliteKit: Target.Dependency { .product(name: "SQLiteKit", package: "sqlite-kit") }
var postgresKit: Target.Dependency { .product(name: "PostgresKit", package: "postgres-kit") }
var sqliteNIO: Target.Dependency { .product(name: "SQLiteNIO", package: "sqlite-nio") }
var postgresNIO: Target.Dependency { .product(name: "PostgresNIO", package: "postgres-nio") }
var asyncKit: Target.Dependency { .product(name: "AsyncKit", package: "async-kit") }
var nioCore: Target.Dependency { .product(name: "NIOCore", package: "swift-nio") }
var nioWebSocket: Target.Dependency { .product(name: "NIOWebSocket", package: "swift-nio") }
var nioPosix: Target.Dependency { .product(name: "NIOPosix", package: "swift-nio") }
var crypto: Target.Dependency { .product(name: "Crypto", package: "swift-crypto") }
var httpTypes: Target.Dependency { .product(name: "HTTPTypes", package: "swift-http-types") }
var nioHTTP1: Target.Dependency { .product(name: "NIOHTTP1", package: "swift-nio") }
var systemPackage: Target.Dependency { .product(name: "SystemPackage", package: "swift-system") }
var unixSignals: Target.Dependency { .product(name: "UnixSignals", package: "swift-service-lifecycle") }
