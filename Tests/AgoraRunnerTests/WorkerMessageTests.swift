import Testing

@testable import AgoraRunner

@Suite struct WorkerMessageTests {
    @Test(arguments: [
        ("R", WorkerMessage.ready),
        ("B GET /api/blogs/{id}/", .begin(method: "GET", route: "/api/blogs/{id}/")),
        ("B POST /api/x y/", .begin(method: "POST", route: "/api/x y/")),
        ("I 200 12", .end(status: 200, durationMS: 12)),
        ("I 504 1500.5", .end(status: 504, durationMS: 1500.5)),
        ("X max_memory", .exiting(reason: "max_memory")),
    ])
    func message_ParsesStatusLines(line: String, expected: WorkerMessage) {
        #expect(WorkerMessage(line: Array(line.utf8)) == expected)
    }

    @Test(arguments: ["", "X", "R now", "I abc 1", "I 200", "I 200 fast"])
    func message_RejectsOtherLines(line: String) {
        #expect(WorkerMessage(line: Array(line.utf8)) == nil)
    }

    @Test func lineBuffer_SplitsAcrossChunks_AndStripsCR() {
        var buffer = LineBuffer()
        #expect(buffer.append(ArraySlice("R\nB GE".utf8)) == [Array("R".utf8)])
        #expect(buffer.append(ArraySlice("T /a/\r\nI 2".utf8)) == [Array("B GET /a/".utf8)])
        #expect(buffer.flush() == Array("I 2".utf8))
        #expect(buffer.flush() == nil)
    }

    @Test func lineBuffer_CutsOverlongLines() {
        var buffer = LineBuffer(limit: 4)
        #expect(buffer.append(ArraySlice("abcdefghij\n".utf8)) == [Array("abcd".utf8), Array("efgh".utf8), Array("ij".utf8)])
    }
}
