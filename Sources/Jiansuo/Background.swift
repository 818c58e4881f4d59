import Foundation

/// A value computed on another thread as soon as this is made; `wait` blocks until it is ready.
///
/// Why: a refresh overlaps one-off work (a file's content hash, the gazetteer's matcher) with the
/// reading and parsing on its own thread.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Written once on the working thread before `group` is left; read only after waiting on it.
    private var result: Result<Value, Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        group.enter()
        DispatchQueue.global().async { [self] in
            result = Result { try work() }
            group.leave()
        }
    }

    /// The value, waiting for it; throws what the work threw.
    func value() throws -> Value {
        group.wait()
        guard let result else { throw CancellationError() }
        return try result.get()
    }
}
