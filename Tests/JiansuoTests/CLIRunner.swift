import Foundation

/// Runs the built `jiansuo` binary the way a user would, for end-to-end tests.
struct CLIRunner {
    /// What a run printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// True when the process was ended by a signal (a crash or trap), not by exiting.
        var signalled = false
    }

    /// The repository root (the folder holding Package.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// ../shared beside the checkout, present on development machines and in CI only.
    static let sharedFolder: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The `jiansuo` executable built beside this test bundle.
    static let binary: URL? = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("jiansuo"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("jiansuo"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("jiansuo"))
        candidates.append(repoRoot.appendingPathComponent(".build/debug/jiansuo"))
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `jiansuo arguments…` in `directory` (default: the repository root) with optional standard input
    /// (text, or raw bytes in `stdinBytes`).
    static func run(_ arguments: [String], in directory: URL = repoRoot, stdin: String? = nil, stdinBytes: Data? = nil,
                    environment extra: [String: String] = [:]) throws -> Result {
        guard let binary else { throw CLIError.binaryMissing }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        return try execute(binary, arguments, in: directory, environment: environment,
                           stdin: stdinBytes ?? stdin.map { Data($0.utf8) })
    }

    /// Runs any executable with exactly `environment`, feeding `stdin` and collecting both outputs.
    static func execute(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String],
                        stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        let errorData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(errPipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errorData.get(), as: UTF8.self),
                      signalled: process.terminationReason == .uncaughtSignal)
    }

    enum CLIError: Error { case binaryMissing }
}

/// A Data box shared between the reader thread and the test.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
