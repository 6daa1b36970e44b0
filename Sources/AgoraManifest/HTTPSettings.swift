import AgoraCore
#if canImport(Glibc)
import Glibc
#endif

/// The `http` settings of `functions.json`, which nginx applies in front of every function.
/// Each value ends up in nginx.conf, so each is checked to be exactly what nginx expects.
public struct HTTPSettings: Sendable, Equatable {
    /// Requests per second per client address (`rate_limit.requests_per_second`).
    public var rateLimitPerSecond = 200
    /// Requests a client may send above the rate before nginx answers 429 (`rate_limit.burst`).
    public var rateLimitBurst = 400
    /// Origins CORS allows (`cors_origins`, e.g. `https://app.example.com`); none by default.
    public var corsOrigins: [String] = []
    /// The largest request body nginx accepts, in nginx's size syntax (`json_body_limit`: `1m`).
    public var jsonBodyLimit = "1m"
    /// Idle FastCGI connections each nginx worker keeps per function (`fastcgi_keepalive`);
    /// 0, the default, means `fastcgi_keep_conn off` (libfcgi does not multiplex, so a kept
    /// connection pins a worker).
    public var fastcgiKeepalive = 0
    /// Where nchan keeps the real-time channels (`redis_url`, `redis://host:port[/db]`): with it,
    /// subscribers and publishers on different nginx hosts see the same events; without it, each
    /// nginx keeps its own channels in shared memory.
    public var redisURL: String?
    /// Client addresses (or CIDR ranges) that may read `/metrics` (`metrics_allow`); every other
    /// client gets the 404 envelope. Loopback by default, where a local Prometheus scrapes.
    public var metricsAllow = ["127.0.0.1", "::1"]

    /// The built-in defaults, for any setting the manifest leaves out.
    public init() {}

    static let rateLimitMax = 1_000_000

    /// Applies the settings present in `value` over `base`; unknown settings are errors.
    static func apply(_ value: JSON, to base: HTTPSettings, context: String) throws(ManifestError) -> HTTPSettings {
        guard let object = value.objectValue else {
            throw ManifestError("\(context) must be an object, got \(value.typeName)")
        }
        var settings = base
        for (key, setting) in object.sorted(by: { $0.key < $1.key }) {
            let reader = SettingReader(context: context, key: key, value: setting)
            switch key {
            case "rate_limit": try settings.applyRateLimit(setting, context: "\(context).rate_limit")
            case "cors_origins":
                settings.corsOrigins = try strings(setting, reader, of: "origins", where: isOrigin,
                                                   else: "must be an origin: http(s)://host[:port], without a path")
            case "json_body_limit":
                guard let text = setting.stringValue, isSize(text) else {
                    throw reader.failure("must be a size as nginx writes it: digits and an optional k, m or g (\"1m\")")
                }
                settings.jsonBodyLimit = text
            case "fastcgi_keepalive": settings.fastcgiKeepalive = try reader.integer(in: 0...1024)
            case "redis_url":
                if setting == .null { settings.redisURL = nil; continue }
                guard let text = setting.stringValue, isRedisURL(text) else {
                    throw reader.failure("must be redis://host:port or redis://host:port/db (or null)")
                }
                settings.redisURL = text
            case "metrics_allow":
                settings.metricsAllow = try strings(setting, reader, of: "addresses", where: isAddressRange,
                                                    else: "must be an IPv4 or IPv6 address, optionally with a /prefix (\"10.0.0.0/8\")")
            default:
                throw ManifestError("\(context).\(key) is not an http setting (known: cors_origins, fastcgi_keepalive, "
                    + "json_body_limit, metrics_allow, rate_limit, redis_url)")
            }
        }
        return settings
    }

    /// An array of strings each of which `valid` accepts; the error names the setting, or the
    /// element by its index.
    static func strings(_ setting: JSON, _ reader: SettingReader, of what: String, where valid: (String) -> Bool,
                        else message: String) throws(ManifestError) -> [String] {
        guard let elements = setting.arrayValue else { throw reader.failure("must be an array of \(what)") }
        var out: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = element.stringValue, valid(text) else {
                throw SettingReader(context: reader.context, key: "\(reader.key)[\(index)]", value: element).failure(message)
            }
            out.append(text)
        }
        return out
    }

    private mutating func applyRateLimit(_ value: JSON, context: String) throws(ManifestError) {
        guard let object = value.objectValue else {
            throw ManifestError("\(context) must be an object, got \(value.typeName)")
        }
        for (key, setting) in object.sorted(by: { $0.key < $1.key }) {
            let reader = SettingReader(context: context, key: key, value: setting)
            switch key {
            case "requests_per_second": rateLimitPerSecond = try reader.integer(in: 1...Self.rateLimitMax)
            case "burst": rateLimitBurst = try reader.integer(in: 0...Self.rateLimitMax)
            default: throw ManifestError("\(context).\(key) is not a rate limit setting (known: burst, requests_per_second)")
            }
        }
    }

    /// `redis://host:port[/db]` with a host of letters, digits, `.` and `-`: nothing that could
    /// break out of nginx.conf (no credentials in the URL: a password belongs in Redis's ACL
    /// file or a local socket, not in a generated config).
    static func isRedisURL(_ text: String) -> Bool {
        guard text.hasPrefix("redis://") else { return false }
        let parts = text.dropFirst(8).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        guard address.count == 2, let host = address.first, !host.isEmpty,
              host.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
              let port = Int(address[1]), (1...65535).contains(port), address[1].utf8.allSatisfy({ (48...57).contains($0) })
        else { return false }
        if parts.count == 2 {
            guard let db = Int(parts[1]), (0...15).contains(db), parts[1].utf8.allSatisfy({ (48...57).contains($0) })
            else { return false }
        }
        return true
    }

    /// `http://host` or `https://host:port`: what a browser sends as `Origin`, and nothing that
    /// could break out of the quoted string nginx.conf holds it in.
    static func isOrigin(_ text: String) -> Bool {
        let rest: Substring
        if text.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if text.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let host = parts[0]
        guard !host.isEmpty, host.count <= 253, !host.hasPrefix("."), !host.hasPrefix("-"),
            host.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else { return false }
        guard parts.count == 2 else { return true }
        guard let port = Int(parts[1]), parts[1].utf8.allSatisfy({ (48...57).contains($0) }) else { return false }
        return (1...65_535).contains(port)
    }

    /// An IPv4 or IPv6 address with an optional `/prefix`, as nginx's `allow` takes it (and
    /// nothing that could break out of nginx.conf).
    static func isAddressRange(_ text: String) -> Bool {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        var v4 = in_addr(), v6 = in6_addr()
        let bits: Int
        if inet_pton(AF_INET, address, &v4) == 1 {
            bits = 32
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            bits = 128
        } else {
            return false
        }
        guard parts.count == 2 else { return true }
        guard let prefix = Int(parts[1]), parts[1].utf8.allSatisfy({ (48...57).contains($0) }), parts[1].count <= 3 else {
            return false
        }
        return (0...bits).contains(prefix)
    }

    /// nginx's size syntax: a positive number of bytes with an optional k, m or g suffix.
    static func isSize(_ text: String) -> Bool {
        var digits = Substring(text)
        if let last = digits.last, "kKmMgG".contains(last) { digits = digits.dropLast() }
        guard let first = digits.first, first != "0", digits.count <= 10 else { return false }
        return digits.utf8.allSatisfy { (48...57).contains($0) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
