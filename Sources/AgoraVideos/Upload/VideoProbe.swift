import AgoraCore

/// What an uploaded file is, told from its own bytes (never from its name or the type the
/// client claimed), and what its container says of it: MP4/QuickTime (`ftyp` at offset 4; the
/// `moov` box's `mvhd` and the video track's `tkhd`) or WebM/Matroska (the EBML magic; the
/// Segment's Info and Tracks). Every read is a few bytes at a known offset, so probing a 1 GiB
/// file costs a handful of small reads, and a box or element that lies about its size ends the
/// walk rather than reading past the part.
struct VideoProbe: Equatable {
    /// A duration read from a container, in seconds rounded to the millisecond, or nil when it is
    /// not finite, negative, or longer than a year (a forged header, not a video).
    static func plausibleSeconds(_ seconds: Double) -> Double? {
        guard seconds.isFinite, seconds >= 0, seconds <= 366 * 86_400 else { return nil }
        return (seconds * 1000).rounded() / 1000
    }

    var contentType: String
    var fileExtension: String
    var durationSeconds: Double?
    var width: Int64?
    var height: Int64?

    /// The bytes [start, end) of `file`, as one video; 415 when they are not one.
    static func inspect(_ file: BodyFile, start: Int64, end: Int64) throws -> VideoProbe {
        let window = Window(file: file, start: start, end: end)
        guard end > start else { throw APIError.unsupportedMediaType("The file is empty.") }
        let head = try window.read(0, 12)
        if head.count >= 8, Array(head[4..<8]) == Array("ftyp".utf8) {
            let brand = head.count >= 12 ? Array(head[8..<12]) : []
            var probe = brand == Array("qt  ".utf8)
                ? VideoProbe(contentType: "video/quicktime", fileExtension: "mov")
                : VideoProbe(contentType: "video/mp4", fileExtension: "mp4")
            try MP4Reader(window: window).read(into: &probe)
            return probe
        }
        if head.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
            return try MatroskaReader(window: window).read()
        }
        throw APIError.unsupportedMediaType("The file is not a video (MP4, QuickTime, WebM or Matroska).")
    }

    init(contentType: String, fileExtension: String) {
        self.contentType = contentType
        self.fileExtension = fileExtension
    }

    /// A part of the body file, read by offsets relative to its start and never past its end.
    struct Window {
        let file: BodyFile
        let start: Int64
        let end: Int64
        var count: Int64 { end - start }

        func read(_ offset: Int64, _ length: Int) throws -> [UInt8] {
            guard offset >= 0, offset < count, length > 0 else { return [] }
            return try file.read(at: start + offset, count: Int(min(Int64(length), count - offset)))
        }
    }
}

/// Big-endian unsigned integers.
func bigEndian(_ bytes: some Collection<UInt8>) -> UInt64 {
    bytes.reduce(0) { $0 << 8 | UInt64($1) }
}

/// ISO base media boxes: `size(4) type(4)`, `size == 1` a 64-bit size after the type, `size == 0`
/// to the end of the enclosing box.
struct MP4Reader {
    let window: VideoProbe.Window
    static let boxLimit = 4096

    func read(into probe: inout VideoProbe) throws {
        var budget = MP4Reader.boxLimit
        guard let moov = try children(0, window.count, &budget).first(where: { $0.type == "moov" }) else { return }
        for box in try children(moov.content, moov.end, &budget) {
            if box.type == "mvhd" {
                probe.durationSeconds = try movieDuration(box)
            } else if box.type == "trak" {
                guard probe.width == nil,
                      let tkhd = try children(box.content, box.end, &budget).first(where: { $0.type == "tkhd" }),
                      let (width, height) = try trackSize(tkhd), width > 0, height > 0 else { continue }
                probe.width = width
                probe.height = height
            }
        }
    }

    struct Box {
        let type: String
        let content: Int64
        let end: Int64
    }

    /// The boxes laid end to end in [from, to).
    func children(_ from: Int64, _ to: Int64, _ budget: inout Int) throws -> [Box] {
        var boxes: [Box] = []
        var offset = from
        while offset + 8 <= to, budget > 0 {
            budget -= 1
            let header = try window.read(offset, 16)
            guard header.count >= 8 else { break }
            var size = Int64(bigEndian(header[0..<4]))
            let type = String(decoding: header[4..<8], as: UTF8.self)
            var content = offset + 8
            if size == 1 {
                guard header.count >= 16 else { break }
                let large = bigEndian(header[8..<16])
                guard large <= UInt64(Int64.max) else { break }
                size = Int64(large)
                content += 8
            } else if size == 0 {
                size = to - offset
            }
            // `size <= to - offset`, not `offset + size <= to`: a 64-bit size near Int64.max
            // must end the walk, not overflow.
            guard size >= content - offset, size <= to - offset else { break }
            boxes.append(Box(type: type, content: content, end: offset + size))
            offset += size
        }
        return boxes
    }

    /// `mvhd`: version 0 has 32-bit times, version 1 64-bit; duration / timescale seconds.
    func movieDuration(_ box: Box) throws -> Double? {
        let bytes = try window.read(box.content, 32)
        guard let version = bytes.first else { return nil }
        let (scaleAt, durationAt, durationSize) = version == 1 ? (20, 24, 8) : (12, 16, 4)
        guard bytes.count >= durationAt + durationSize else { return nil }
        let timescale = bigEndian(bytes[scaleAt..<scaleAt + 4])
        let duration = bigEndian(bytes[durationAt..<durationAt + durationSize])
        // All ones: unknown duration.
        guard timescale > 0, duration != (durationSize == 4 ? 0xFFFF_FFFF : UInt64.max) else { return nil }
        return VideoProbe.plausibleSeconds(Double(duration) / Double(timescale))
    }

    /// `tkhd`: width and height, 16.16 fixed point, are its last 8 bytes (at 76 in version 0,
    /// 88 in version 1, after version and flags).
    func trackSize(_ box: Box) throws -> (Int64, Int64)? {
        guard let version = try window.read(box.content, 1).first else { return nil }
        let at: Int64 = version == 1 ? 88 : 76
        let bytes = try window.read(box.content + at, 8)
        guard bytes.count == 8 else { return nil }
        return (Int64(bigEndian(bytes[0..<4]) >> 16), Int64(bigEndian(bytes[4..<8]) >> 16))
    }
}
