import AgoraCore
import AgoraVideos
import ArgumentParser

/// `agora media ...`: the uploaded files under MEDIA_ROOT.
struct MediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media", abstract: "Maintain the uploaded files under MEDIA_ROOT.", subcommands: [MediaGCCommand.self])
}

/// `agora media gc`: removes the files no video row names (and stale temporary files), printing each.
struct MediaGCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc", abstract: "Remove files under MEDIA_ROOT/videos that no video row names.")

    @Option(help: "The media root (default: $MEDIA_ROOT).") var mediaRoot: String?
    @Option(help: "Leave files changed less than this many seconds ago (an upload in progress).") var grace: Int64 = 600

    func run() throws {
        guard let root = mediaRoot ?? Posix.environment()["MEDIA_ROOT"], !root.isEmpty else {
            throw CommandFailure("no media root: set MEDIA_ROOT or pass --media-root")
        }
        let removed = try MediaCollector(mediaRoot: root, grace: grace).collect(try databaseConnection())
        for name in removed { print("removed \(root)/videos/\(name)") }
        print("\(removed.count) file\(removed.count == 1 ? "" : "s") removed")
    }
}
