import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
///
/// Why: long work (indexing a large corpus) should show that it moves, but logs and pipes
/// must stay clean, so nothing is drawn when stderr is redirected.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw: Double = 0
        var drawn = false
    }

    private let label: String
    private let enabled: Bool
    private let started: Double
    private let state = Mutex(State())

    /// A bar titled `label`; silent when stderr is not a terminal or `quiet` is set.
    init(label: String, quiet: Bool = false) {
        self.label = label
        self.enabled = !quiet && isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        self.started = ProgressBar.now()
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Shows `done` of `total` units (bytes when `bytes` is set), at most ten times a second.
    func update(done: Int, total: Int, unit: String = "articles", bytes: Int? = nil) {
        guard enabled else { return }
        let now = ProgressBar.now()
        let shouldDraw = state.withLock { state -> Bool in
            if done < total && now - state.lastDraw < 0.1 { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        guard shouldDraw else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let width = 28
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var line = "\r\(label) \(bar) \(Int(fraction * 100))% \(done)/\(total) \(unit)"
        let elapsed = now - started
        if let bytes, elapsed > 0 {
            line += String(format: "  %.1f MB/s", Double(bytes) / 1_000_000 / elapsed)
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    /// Erases the bar so that the summary that follows starts on a clean line.
    func finish() {
        guard enabled else { return }
        let drawn = state.withLock { $0.drawn }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
