public import Configuration
import Foundation
import SwitchboardCore
import SwitchboardServices
public import SwitchboardSIP
import SystemPackage
public import Logging

/// Settings, read from (highest first) command-line flags, `SWITCHBOARD_*` environment variables,
/// an optional JSON config file, then the defaults below.
///
/// - `db.url` (string, default `data/switchboard.sqlite`): a SQLite file path (or `sqlite://path`),
///   or `postgres://user:password@host:5432/database`. Env: `SWITCHBOARD_DB_URL`.
/// - `db.poolSize` (int, default 4): connections per event loop.
/// - `http.host` (string, default `127.0.0.1`), `http.port` (int, default 8080).
/// - `http.secureCookies` (bool, default false): set when served over HTTPS.
/// - `public.directory` (string, optional): serve web assets from this folder instead of the built-in ones.
/// - `auth.bcryptCost` (int, default 12): bcrypt's work factor for passwords (4–31).
/// - `auth.sessionHours` (int, default 12): how long a sign-in lasts.
/// - `auth.tokenCacheSeconds` (int, default 5): how long a resolved API token is reused without
///   asking the database; revocation on this process is immediate, from other processes it takes
///   up to this long. 0 turns the cache off.
/// - `phone.defaultCountry` (string, default `US`): where stored numbers without a country code
///   are from; the phone index is rebuilt (with progress) when it changes.
/// - `telephony.dialConnection` (string, optional): the telephony connection (an API token id
///   with a webhook, docs/call-control.md) that carries calls agents dial out; without one the
///   built-in simulated far end answers them.
/// - `telephony.ringTimeoutSeconds` (int, default 20): how long a routed call rings one agent
///   before it goes to the next (3–300).
/// - `sip.enabled` (bool, default false): run the SIP gateway (docs/sip-gateway.md);
///   `sip.host` (default `127.0.0.1`), `sip.port` (default 5060, UDP; 0 picks a free one),
///   `sip.realm` (default `switchboard`: changing it invalidates every SIP password),
///   `sip.trunks` (comma-separated `ip` or `ip:port` of trunks and PBXs whose INVITEs are taken;
///   others get 403; those with a port are sent OPTIONS every `sip.trunkPingSeconds`, default
///   30, 0 off, and shown up or down),
///   `sip.digestAlgorithms` (default `MD5`; `MD5,SHA-256` offers both, `SHA-256` only that),
///   `sip.outboundTrunk` (`ip:port`, optional): calls agents dial out go through it, the agent's
///   SIP phone called first (then `telephony.dialConnection` defaults to the SIP gateway);
///   `sip.outboundUsername` and `sip.outboundPassword` (both or neither): what that trunk's
///   digest challenges (401/407) are answered with.
/// - `log.level` (string, default `info`): trace, debug, info, notice, warning, error, critical.
public struct AppConfiguration: Sendable {
    public var databaseURL: String
    public var poolSize: Int
    public var host: String
    public var port: Int
    public var secureCookies: Bool
    public var publicDirectory: String?
    public var bcryptCost: Int
    public var sessionHours: Int
    public var tokenCacheSeconds: Int
    public var logLevel: Logger.Level
    public var phoneDefaultCountry: String
    public var dialConnection: String?
    public var ringTimeoutSeconds: Int
    public var sipEnabled: Bool
    public var sipHost: String
    public var sipPort: Int
    public var sipRealm: String
    /// Addresses of the trunks and PBXs whose INVITEs are taken.
    public var sipTrunks: [String]
    /// Where calls agents dial out go (`ip:port`), when through SIP.
    public var sipOutboundTrunk: String?
    /// What the outbound trunk's digest challenges are answered with, if it asks.
    public var sipOutboundCredentials: SIPOutboundCredentials?
    /// How often trunks with a port (and the outbound trunk) are sent OPTIONS; 0: never.
    public var sipTrunkPingSeconds: Int
    /// The digest algorithms REGISTER challenges offer, in order.
    public var sipDigestAlgorithms: [DigestAuthentication.Algorithm]

    public init(config: ConfigReader) throws {
        databaseURL = config.string(forKey: "db.url", isSecret: true, default: "data/switchboard.sqlite")
        poolSize = config.int(forKey: "db.poolSize", default: 4)
        host = config.string(forKey: "http.host", default: "127.0.0.1")
        port = config.int(forKey: "http.port", default: 8080)
        secureCookies = config.bool(forKey: "http.secureCookies", default: false)
        publicDirectory = config.string(forKey: "public.directory")
        bcryptCost = config.int(forKey: "auth.bcryptCost", default: 12)
        sessionHours = config.int(forKey: "auth.sessionHours", default: 12)
        tokenCacheSeconds = config.int(forKey: "auth.tokenCacheSeconds", default: 5)
        let level = config.string(forKey: "log.level", default: "info")
        guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigurationError("log.level is '\(level)'; use trace, debug, info, notice, warning, error or critical")
        }
        logLevel = parsed
        phoneDefaultCountry = config.string(forKey: "phone.defaultCountry", default: "US").uppercased()
        dialConnection = config.string(forKey: "telephony.dialConnection")
        ringTimeoutSeconds = config.int(forKey: "telephony.ringTimeoutSeconds", default: 20)
        sipEnabled = config.bool(forKey: "sip.enabled", default: false)
        sipHost = config.string(forKey: "sip.host", default: "127.0.0.1")
        sipPort = config.int(forKey: "sip.port", default: 5060)
        sipRealm = config.string(forKey: "sip.realm", default: "switchboard")
        sipTrunks = config.string(forKey: "sip.trunks", default: "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        sipTrunkPingSeconds = config.int(forKey: "sip.trunkPingSeconds", default: 30)
        // MD5 alone by default, as Asterisk and Kamailio: phones on libre (baresip) refuse a
        // challenge set that has any algorithm they lack, SHA-256 included.
        let algorithms = config.string(forKey: "sip.digestAlgorithms", default: "MD5").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        sipDigestAlgorithms = try algorithms.map { name in
            guard let algorithm = DigestAuthentication.Algorithm.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
                throw ConfigurationError("sip.digestAlgorithms has '\(name)'; use MD5, SHA-256 or both, comma-separated (MD5,SHA-256)")
            }
            return algorithm
        }
        guard !sipDigestAlgorithms.isEmpty else { throw ConfigurationError("sip.digestAlgorithms is empty; use MD5, SHA-256 or both") }
        guard (0...3600).contains(sipTrunkPingSeconds) else {
            throw ConfigurationError("sip.trunkPingSeconds is \(sipTrunkPingSeconds); use 0 (no pings) to 3600")
        }
        for trunk in sipTrunks where !SIPTrunk.isAddress(trunk, portRequired: false) {
            throw ConfigurationError("sip.trunks has '\(trunk)'; list IPv4 addresses, each with an optional port, such as 203.0.113.5 or 203.0.113.5:5060")
        }
        sipOutboundTrunk = config.string(forKey: "sip.outboundTrunk").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let trunk = sipOutboundTrunk {
            guard SIPTrunk.isAddress(trunk, portRequired: true) else {
                throw ConfigurationError("sip.outboundTrunk is '\(trunk)'; use the trunk's IPv4 address and port, such as 203.0.113.5:5060")
            }
            if sipEnabled && dialConnection == nil { dialConnection = ProviderCommands.sipGateway }
        }
        let outboundUsername = config.string(forKey: "sip.outboundUsername")?.trimmingCharacters(in: .whitespaces) ?? ""
        let outboundPassword = config.string(forKey: "sip.outboundPassword", isSecret: true) ?? ""
        switch (outboundUsername.isEmpty, outboundPassword.isEmpty) {
        case (false, false): sipOutboundCredentials = SIPOutboundCredentials(username: outboundUsername, password: outboundPassword)
        case (true, true): sipOutboundCredentials = nil
        case (false, true): throw ConfigurationError("sip.outboundUsername is set without sip.outboundPassword; give both (what the outbound trunk's challenges are answered with) or neither")
        case (true, false): throw ConfigurationError("sip.outboundPassword is set without sip.outboundUsername; give both or neither")
        }
        if sipOutboundCredentials != nil && sipOutboundTrunk == nil {
            throw ConfigurationError("sip.outboundUsername and sip.outboundPassword are for the outbound trunk, but sip.outboundTrunk is not set")
        }
        guard CountryNumbering.named(phoneDefaultCountry) != nil else {
            throw ConfigurationError("phone.defaultCountry is '\(phoneDefaultCountry)'; use a two-letter country code Switchboard knows, such as US, GB or DE")
        }
        guard (0...65535).contains(port) else { throw ConfigurationError("http.port is \(port); use a port from 0 to 65535") }
        guard (4...31).contains(bcryptCost) else { throw ConfigurationError("auth.bcryptCost is \(bcryptCost); use 4 to 31 (12 is a good default)") }
        guard (1...64).contains(poolSize) else { throw ConfigurationError("db.poolSize is \(poolSize); use 1 to 64") }
        guard (3...300).contains(ringTimeoutSeconds) else {
            throw ConfigurationError("telephony.ringTimeoutSeconds is \(ringTimeoutSeconds); use 3 to 300 seconds (20 is usual)")
        }
        guard (0...65535).contains(sipPort) else { throw ConfigurationError("sip.port is \(sipPort); use a port from 0 to 65535") }
        guard (0...3600).contains(tokenCacheSeconds) else { throw ConfigurationError("auth.tokenCacheSeconds is \(tokenCacheSeconds); use 0 (off) to 3600") }
        guard sessionHours >= 1 else { throw ConfigurationError("auth.sessionHours is \(sessionHours); use 1 or more") }
    }

    /// `a.b.c.d` or `a.b.c.d:port`.
    /// The reader over flags, environment, the config file and defaults.
    /// - Parameters:
    ///   - flags: values given on the command line, by config key.
    ///   - configFile: a JSON file; a missing file is an error when named explicitly.
    public static func reader(flags: [AbsoluteConfigKey: ConfigValue], configFile: String?) async throws -> ConfigReader {
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: flags),
            EnvironmentVariablesProvider().prefixKeys(with: "switchboard"),
        ]
        if let configFile {
            guard FileManager.default.fileExists(atPath: configFile) else {
                throw ConfigurationError("the config file \(configFile) does not exist")
            }
            do { providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(configFile))) } catch {
                throw ConfigurationError("cannot read the config file \(configFile): \(error)")
            }
        }
        return ConfigReader(providers: providers)
    }
}

/// A setting that cannot be used, with what to write instead.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The username and password the SIP gateway answers the outbound trunk's challenges with.
public struct SIPOutboundCredentials: Sendable, Hashable {
    public var username: String
    public var password: String
}
