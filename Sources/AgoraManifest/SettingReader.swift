import AgoraCore

/// One setting being read, for typed access with a precise error.
struct SettingReader {
    let context: String
    let key: String
    let value: JSON

    func failure(_ rule: String) -> ManifestError {
        let shown = value.text
        let got = shown.count > 40 ? String(shown.prefix(40)) + "..." : shown
        return ManifestError("\(context).\(key) \(rule), got \(got)")
    }

    func integer(in range: ClosedRange<Int>) throws(ManifestError) -> Int {
        guard let raw = value.intValue, raw >= Int64(range.lowerBound), raw <= Int64(range.upperBound) else {
            throw failure("must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(raw)
    }

    func seconds(allowZero: Bool) throws(ManifestError) -> Double {
        let number: Double? = switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
        let rule = allowZero ? "must be a number of seconds from 0 to 86400" : "must be a number of seconds above 0, at most 86400"
        guard let seconds = number, seconds.isFinite, seconds <= PoolSettings.maxSeconds,
            allowZero ? seconds >= 0 : seconds > 0
        else { throw failure(rule) }
        return seconds
    }
}
