import AgoraCore

/// EBML (Matroska, WebM): elements are `id size data`, both variable-length integers. The EBML
/// header names the DocType (`webm` or `matroska`); the Segment's Info holds TimecodeScale and
/// Duration, its Tracks the video track's PixelWidth and PixelHeight. Clusters (the media) are
/// skipped by their size, never read.
struct MatroskaReader {
    let window: VideoProbe.Window
    static let elementLimit = 4096

    enum ID {
        static let ebml: UInt64 = 0x1A45_DFA3, docType: UInt64 = 0x4282
        static let segment: UInt64 = 0x1853_8067, info: UInt64 = 0x1549_A966, tracks: UInt64 = 0x1654_AE6B
        static let cluster: UInt64 = 0x1F43_B675
        static let timecodeScale: UInt64 = 0x2A_D7B1, duration: UInt64 = 0x4489
        static let trackEntry: UInt64 = 0xAE, trackType: UInt64 = 0x83, video: UInt64 = 0xE0
        static let pixelWidth: UInt64 = 0xB0, pixelHeight: UInt64 = 0xBA
    }

    struct Element {
        let id: UInt64
        let content: Int64
        let end: Int64
    }

    func read() throws -> VideoProbe {
        var budget = MatroskaReader.elementLimit
        let top = try elements(0, window.count, &budget, stopAt: ID.cluster)
        guard let header = top.first, header.id == ID.ebml else {
            throw APIError.unsupportedMediaType("The file is not a video (MP4, QuickTime, WebM or Matroska).")
        }
        var docType = "matroska"  // the EBML default
        if let element = try elements(header.content, header.end, &budget).first(where: { $0.id == ID.docType }) {
            docType = String(decoding: try data(element).prefix { $0 != 0 }, as: UTF8.self)
        }
        var probe: VideoProbe
        switch docType {
        case "webm": probe = VideoProbe(contentType: "video/webm", fileExtension: "webm")
        case "matroska": probe = VideoProbe(contentType: "video/x-matroska", fileExtension: "mkv")
        default: throw APIError.unsupportedMediaType("The file is not a video (MP4, QuickTime, WebM or Matroska).")
        }
        guard let segment = top.first(where: { $0.id == ID.segment }) else { return probe }
        for element in try elements(segment.content, segment.end, &budget, stopAt: ID.cluster) {
            if element.id == ID.info {
                var scale: UInt64 = 1_000_000
                var duration: Double?
                for item in try elements(element.content, element.end, &budget) {
                    if item.id == ID.timecodeScale { scale = bigEndian(try data(item)) }
                    if item.id == ID.duration { duration = float(try data(item)) }
                }
                if let duration, scale > 0 {
                    probe.durationSeconds = VideoProbe.plausibleSeconds(duration * Double(scale) / 1_000_000_000)
                }
            } else if element.id == ID.tracks, probe.width == nil {
                for entry in try elements(element.content, element.end, &budget) where entry.id == ID.trackEntry {
                    let fields = try elements(entry.content, entry.end, &budget)
                    guard let type = fields.first(where: { $0.id == ID.trackType }), bigEndian(try data(type)) == 1,
                          let video = fields.first(where: { $0.id == ID.video }) else { continue }
                    for item in try elements(video.content, video.end, &budget) {
                        let value = bigEndian(try data(item).suffix(8))
                        guard value > 0, value <= UInt64(Int32.max) else { continue }
                        if item.id == ID.pixelWidth { probe.width = Int64(value) }
                        if item.id == ID.pixelHeight { probe.height = Int64(value) }
                    }
                    if probe.width != nil { break }
                }
                if probe.width == nil || probe.height == nil { probe.width = nil; probe.height = nil }
            }
        }
        return probe
    }

    /// The elements laid end to end in [from, to); an unknown size (all ones) runs to `to`.
    /// The walk ends at an element of id `stopAt` (the first Cluster: the media follows).
    func elements(_ from: Int64, _ to: Int64, _ budget: inout Int, stopAt: UInt64? = nil) throws -> [Element] {
        var found: [Element] = []
        var offset = from
        while offset < to, budget > 0 {
            budget -= 1
            let header = try window.read(offset, 12)
            guard let (id, idLength) = MatroskaReader.vint(header, keepMarker: true),
                  let (size, sizeLength) = MatroskaReader.vint(Array(header.dropFirst(idLength)), keepMarker: false)
            else { break }
            let content = offset + Int64(idLength + sizeLength)
            let unknown = size == (UInt64(1) << (7 * UInt64(sizeLength))) - 1
            let end = unknown ? to : content + Int64(clamping: size)
            guard end <= to, end >= content else { break }
            if id == stopAt { break }
            found.append(Element(id: id, content: content, end: end))
            offset = end
        }
        return found
    }

    /// The data of a small element (at most 64 bytes are read).
    func data(_ element: Element) throws -> [UInt8] {
        try window.read(element.content, Int(min(element.end - element.content, 64)))
    }

    func float(_ bytes: [UInt8]) -> Double? {
        switch bytes.count {
        case 4: Double(Float(bitPattern: UInt32(bigEndian(bytes))))
        case 8: Double(bitPattern: bigEndian(bytes))
        default: nil
        }
    }

    /// An EBML variable-length integer: the leading zeros of the first byte give its length
    /// (1-8); an id keeps its length marker, a size does not.
    static func vint(_ bytes: [UInt8], keepMarker: Bool) -> (UInt64, Int)? {
        guard let first = bytes.first, first != 0 else { return nil }
        let length = first.leadingZeroBitCount + 1
        guard bytes.count >= length else { return nil }
        var value = UInt64(keepMarker ? first : first & (0xFF >> length))
        for byte in bytes[1..<length] { value = value << 8 | UInt64(byte) }
        return (value, length)
    }
}
