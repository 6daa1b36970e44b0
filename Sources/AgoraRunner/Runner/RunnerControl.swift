import AgoraCore
import Glibc

/// Wakes the runner's event loop from a signal handler or another thread: a non-blocking
/// self-pipe carrying one byte per command.
public final class RunnerControl: Sendable {
    /// Commands, as the bytes written to the pipe.
    public enum Command: UInt8, Sendable {
        case stop = 84  // "T"
        case reload = 72  // "H"
        case childExited = 67  // "C"
    }

    let readFD: Int32
    let writeFD: Int32

    init() throws(SystemError) {
        let pipe = try Posix.privatePipe()
        Posix.setNonBlocking(pipe.read)
        Posix.setNonBlocking(pipe.write)
        readFD = pipe.read
        writeFD = pipe.write
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Asks the runner to do something; safe from any thread.
    public func send(_ command: Command) {
        var byte = command.rawValue
        _ = write(writeFD, &byte, 1)
    }

    /// Commands received since the last call.
    func receive() -> [Command] {
        var buffer = [UInt8](repeating: 0, count: 64)
        var commands: [Command] = []
        while case .data(let count) = Posix.read(readFD, into: &buffer) {
            commands += buffer[0..<count].compactMap(Command.init(rawValue:))
        }
        return commands
    }

    /// Routes SIGTERM and SIGINT (stop), SIGHUP (reload) and SIGCHLD to this control pipe, and
    /// ignores SIGPIPE. For the `agora run` process; tests call `send` instead.
    public func installSignalHandlers() {
        signalControlFD = writeFD
        var action = sigaction()
        action.__sigaction_handler.sa_handler = runnerSignalHandler
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaction(number, &action, nil) }
        signal(SIGPIPE, SIG_IGN)
    }
}

/// Written once before the handlers are installed, read only by the handler.
nonisolated(unsafe) private var signalControlFD: Int32 = -1

private func runnerSignalHandler(_ number: Int32) {
    let saved = errno
    var byte: UInt8 = switch number {
    case SIGHUP: RunnerControl.Command.reload.rawValue
    case SIGCHLD: RunnerControl.Command.childExited.rawValue
    default: RunnerControl.Command.stop.rawValue
    }
    _ = write(signalControlFD, &byte, 1)
    errno = saved
}
