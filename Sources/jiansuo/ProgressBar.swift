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
        guard let now = tick(final: done >= total) else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        var line = "\r\(label) \(Self.bar(fraction)) \(Int(fraction * 100))% \(done)/\(total) \(unit)"
        let elapsed = now - started
        if let bytes, elapsed > 0 {
            line += String(format: "  %.1f MB/s", Double(bytes) / 1_000_000 / elapsed)
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    /// Shows bytes read of the bytes to read, the articles handed on so far, the rate and the time left.
    func update(bytesDone: Int, totalBytes: Int, articles: Int) {
        guard let now = tick(final: false) else { return }
        let line = Self.line(label: label, bytesDone: bytesDone, totalBytes: totalBytes, articles: articles,
                             elapsed: now - started)
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    /// The text of a byte-progress line, e.g. `indexing ███░░ 42% 15.2/36.2 MB · 8300 articles · 14.1 MB/s · 0:02 left`.
    static func line(label: String, bytesDone: Int, totalBytes: Int, articles: Int, elapsed: Double) -> String {
        let fraction = totalBytes > 0 ? min(1, Double(bytesDone) / Double(totalBytes)) : 0
        var line = "\(label) \(bar(fraction)) \(Int(fraction * 100))% "
            + String(format: "%.1f/%.1f MB", Double(bytesDone) / 1e6, Double(totalBytes) / 1e6)
            + " · \(articles) articles"
        if elapsed > 0.2, bytesDone > 0 {
            let rate = Double(bytesDone) / elapsed
            line += String(format: " · %.1f MB/s", rate / 1e6)
            let left = Int((Double(max(0, totalBytes - bytesDone)) / rate).rounded())
            line += " · \(left / 60):" + String(format: "%02d", left % 60) + " left"
        }
        return line
    }

    /// A bar of 28 cells, `fraction` of them filled.
    static func bar(_ fraction: Double) -> String {
        let width = 28
        let filled = max(0, min(width, Int(fraction * Double(width))))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// The time now when a draw is due (at most ten a second, and always the final one), else nil.
    private func tick(final: Bool) -> Double? {
        guard enabled else { return nil }
        let now = ProgressBar.now()
        let shouldDraw = state.withLock { state -> Bool in
            if !final && now - state.lastDraw < 0.1 { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        return shouldDraw ? now : nil
    }

    /// Erases the bar so that the summary that follows starts on a clean line.
    func finish() {
        guard enabled else { return }
        let drawn = state.withLock { $0.drawn }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
