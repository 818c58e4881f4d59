import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Test hook: a named point of a writer's work where a test can make it stop, as a crash would.
///
/// Why: crash safety is proved by stopping the writer exactly between two durable steps and
/// checking that the folder still holds the old index (or none), never a half-made one.
public enum WriterFaultPoint: String, CaseIterable, Sendable {
    /// A new segment's files are written (in a flush), not yet named by any commit.
    case afterSegmentFlush
    /// A merged segment's files are written, not yet named by any commit.
    case afterMergeWrite
    /// A new delete bitmap is written, not yet named by any commit.
    case afterDeleteBitmapWrite
    /// Every new file is durable; the commit (manifest) is about to be written.
    case beforeManifestWrite
    /// The new commit is written and fsynced under its temporary name, not yet renamed.
    case beforeManifestRename
    /// The new commit has its final name; the folder is not yet fsynced.
    case afterManifestRename
    /// The new commit is durable; files it does not name (old segments, old commit) are still there.
    case beforeOldFilesDeleted
    /// One file the new commit does not name has been deleted, the others not yet.
    case afterFirstOldFileDeleted
}

/// Test hook: makes an `IndexWriter` stop at `point`, either by throwing or by killing the process.
///
/// Set `IndexWriter.fault` in-process, or `JIANSUO_FAULT_AT=<point>` in a child process's
/// environment (read by `fromEnvironment`, the one place the variable is read) to kill it there.
public struct WriterFault: Sendable, Hashable {
    /// What the writer does on reaching the point.
    public enum Action: Sendable, Hashable {
        /// Throw `IndexError.injectedFault(point:)`, leaving the files as a crash there would.
        case fail
        /// Send SIGKILL to this process (for child-process crash tests and CLI tests).
        case kill
    }

    /// The environment variable naming a `WriterFaultPoint` at which the writer kills its process (test hook).
    public static let environmentVariable = "JIANSUO_FAULT_AT"

    /// Where the writer stops.
    public var point: WriterFaultPoint
    /// How it stops.
    public var action: Action

    /// A fault at `point` with `action` (`.fail` by default: throw).
    public init(_ point: WriterFaultPoint, action: Action = .fail) {
        self.point = point
        self.action = action
    }

    /// Test hook: the kill fault named by `JIANSUO_FAULT_AT` in `environment`, if any.
    ///
    /// An unknown name gives nil (no fault), so a typo never changes what a production run does.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> WriterFault? {
        guard let name = environment[environmentVariable], let point = WriterFaultPoint(rawValue: name) else { return nil }
        return WriterFault(point, action: .kill)
    }

    /// Stops here when this fault is at `point`.
    func trigger(at point: WriterFaultPoint) throws(IndexError) {
        guard point == self.point else { return }
        switch action {
        case .fail:
            throw .injectedFault(point: point.rawValue)
        case .kill:
            kill(getpid(), SIGKILL)
            // SIGKILL cannot be caught; should delivery be delayed, never carry on past the point.
            while true { pause() }
        }
    }
}

extension Optional where Wrapped == WriterFault {
    /// Stops here when a fault is set at `point`.
    func trigger(at point: WriterFaultPoint) throws(IndexError) {
        if let fault = self { try fault.trigger(at: point) }
    }
}
