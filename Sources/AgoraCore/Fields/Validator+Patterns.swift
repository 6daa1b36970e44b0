/// The regular expressions (ECMA-262, as JSON Schema uses them) that say exactly what
/// `Validator.isEmail` and `Validator.isURL` accept, for the OpenAPI document: exact in both
/// directions, so a conformance fuzzer's valid values are accepted and its invalid ones refused.
extension Validator {
    static let hostLabel = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    static let port = "0*(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"

    /// `scheme://` then `localhost` or a dotted hostname whose last label is not all digits, an
    /// optional port 1-65535, an optional path/query/fragment without spaces or control characters.
    public static func urlPattern(schemes: [String]) -> String {
        let scheme = "(?:" + schemes.map { name in
            name.map { "[\($0.uppercased())\($0.lowercased())]" }.joined()
        }.joined(separator: "|") + ")"
        return "^\(scheme)://(?:localhost|(?:\(hostLabel)\\.)+(?![0-9]+(?:[:/?#]|$))\(hostLabel))(?::\(port))?"
            + "(?:[/?#][^\\x00-\\x20\\x7f]*)?$"
    }

    /// local@domain as `isEmail` checks it, at most 254 characters once trimmed of spaces, tabs
    /// and newlines.
    public static let emailPattern: String = {
        let space = "[ \\t\\n\\r]*"
        let atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
        let local = "(?=[^ \\t\\n\\r]{1,254}\(space)$)(?=[^@]{1,64}@)\(atom)(?:\\.\(atom))*"
        let domain = "(?=[A-Za-z0-9.-]{3,253}\(space)$)(?:\(hostLabel)\\.)+(?![0-9]+\(space)$)\(hostLabel)"
        return "^\(space)\(local)@\(domain)\(space)$"
    }()
}
