import ChineseText
import Foundation

/// The one-to-one fold the automaton and the rules match on (ChineseText's `ScalarFold`:
/// NFKC, Traditional → Simplified and lower case where they keep one scalar one scalar).
let matchFold = ScalarFold()

/// The folded value of one scalar value.
@inline(__always)
func foldScalar(_ value: UInt32) -> UInt32 { matchFold.fold(value) }

/// The folded scalars of a string, as the automaton and the rules read them.
func foldedScalars(_ string: String) -> [UInt32] { matchFold.fold(string) }

/// An Aho–Corasick automaton over folded Unicode scalars holding every gazetteer name.
///
/// Why: one pass over a text finds every occurrence of every name, in time linear in the text and
/// independent of the number of names. Transitions live in one open-addressing hash table keyed by
/// (state, character class); characters that occur in no name send the automaton straight to the root.
struct Automaton: Sendable {
    /// One entry of the transition table (`state` -1: empty).
    private struct Slot: Sendable {
        var state: Int32
        var cls: UInt32
        var target: Int32
    }

    /// Character class per BMP scalar (0 = in no pattern).
    private let bmpClass: [UInt32]
    /// Character classes of scalars beyond the BMP.
    private let astralClass: [UInt32: UInt32]
    /// The goto transitions: an open-addressing table of (state, class, target); a key and its target
    /// share a cache line.
    private let slots: [Slot]
    private let mask: Int
    private let failure: [Int32]
    /// The pattern that ends at a state, or -1.
    private let output: [Int32]
    /// The nearest state on the failure chain that has an output, or -1.
    private let outputLink: [Int32]
    /// Length in scalars of each pattern.
    let patternLengths: [Int32]
    /// Transitions out of the root, by character class (-1: stay at the root), so most characters need no hashing.
    private let rootNext: [Int32]
    /// Per state: bit `class & 63` set for each class it has a transition on, so most missing transitions
    /// are ruled out without probing the hash table.
    private let edgeFilter: [UInt64]
    /// Per character class: true when some state other than the root has a transition on it (otherwise the
    /// automaton goes straight to the root's transition).
    private let innerClass: [Bool]
    /// Per state: the first state on its failure chain (itself included) where a pattern ends, or -1.
    private let firstReport: [Int32]

    /// The number of states, for memory figures.
    var stateCount: Int { failure.count }

    /// Builds the automaton; `patterns[i]` is found as pattern number `i`. Empty patterns are never found.
    init(patterns: [[UInt32]]) {
        var classOf = [UInt32](repeating: 0, count: 0x10000)
        var astral: [UInt32: UInt32] = [:]
        var nextClass: UInt32 = 1
        func classFor(_ scalar: UInt32) -> UInt32 {
            if scalar < 0x10000 {
                let existing = classOf[Int(scalar)]
                if existing != 0 { return existing }
                classOf[Int(scalar)] = nextClass
            } else {
                if let existing = astral[scalar] { return existing }
                astral[scalar] = nextClass
            }
            nextClass += 1
            return nextClass - 1
        }
        // Trie with per-state child lists (build time only).
        var children: [[(UInt32, Int32)]] = [[]]
        var childIndex: [UInt64: Int32] = [:]
        var output: [Int32] = [-1]
        var lengths: [Int32] = []
        lengths.reserveCapacity(patterns.count)
        for (index, pattern) in patterns.enumerated() {
            lengths.append(Int32(pattern.count))
            if pattern.isEmpty { continue }
            var state: Int32 = 0
            for scalar in pattern {
                let cls = classFor(scalar)
                let key = UInt64(state) << 32 | UInt64(cls)
                if let child = childIndex[key] {
                    state = child
                } else {
                    let child = Int32(children.count)
                    children.append([])
                    output.append(-1)
                    children[Int(state)].append((cls, child))
                    childIndex[key] = child
                    state = child
                }
            }
            if output[Int(state)] < 0 { output[Int(state)] = Int32(index) }
        }
        let stateCount = children.count
        let edgeCount = children.reduce(0) { $0 + $1.count }
        var capacity = 16
        while capacity < edgeCount * 2 + 16 { capacity <<= 1 }
        var slots = [Slot](repeating: Slot(state: -1, cls: 0, target: -1), count: capacity)
        let mask = capacity - 1
        for (state, edges) in children.enumerated() {
            for (cls, child) in edges {
                let key = UInt64(state) << 32 | UInt64(cls)
                var slot = Automaton.hash(key) & mask
                while slots[slot].state >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Slot(state: Int32(state), cls: cls, target: child)
            }
        }
        // Failure and output links, breadth first.
        var failure = [Int32](repeating: 0, count: stateCount)
        var outputLink = [Int32](repeating: -1, count: stateCount)
        var queue: [Int32] = []
        queue.reserveCapacity(stateCount)
        for (_, child) in children[0] { queue.append(child) }
        var head = 0
        func step(_ state: Int32, _ cls: UInt32) -> Int32 {
            Automaton.lookup(state, cls, slots: slots, mask: mask)
        }
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (cls, child) in children[Int(state)] {
                var fallback = failure[Int(state)]
                var target: Int32 = -1
                if state != 0 {
                    while true {
                        target = step(fallback, cls)
                        if target >= 0 || fallback == 0 { break }
                        fallback = failure[Int(fallback)]
                    }
                }
                let resolved = (target >= 0 && target != child) ? target : 0
                failure[Int(child)] = resolved
                outputLink[Int(child)] = output[Int(resolved)] >= 0 ? resolved : outputLink[Int(resolved)]
                queue.append(child)
            }
        }
        var rootNext = [Int32](repeating: -1, count: Int(nextClass))
        for (cls, child) in children[0] { rootNext[Int(cls)] = child }
        var edgeFilter = [UInt64](repeating: 0, count: stateCount)
        var innerClass = [Bool](repeating: false, count: Int(nextClass))
        for (state, edges) in children.enumerated() {
            for (cls, _) in edges {
                edgeFilter[state] |= 1 << UInt64(cls & 63)
                if state != 0 { innerClass[Int(cls)] = true }
            }
        }
        self.edgeFilter = edgeFilter
        self.innerClass = innerClass
        self.firstReport = (0..<stateCount).map { output[$0] >= 0 ? Int32($0) : outputLink[$0] }
        self.rootNext = rootNext
        self.bmpClass = classOf
        self.astralClass = astral
        self.slots = slots
        self.mask = mask
        self.failure = failure
        self.output = output
        self.outputLink = outputLink
        self.patternLengths = lengths
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        var x = key &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return Int(truncatingIfNeeded: x)
    }

    /// The goto transition of `state` on class `cls` in the open-addressing table, or -1.
    @inline(__always)
    private static func lookup(_ state: Int32, _ cls: UInt32, slots: [Slot], mask: Int) -> Int32 {
        let key = UInt64(state) << 32 | UInt64(cls)
        var slot = Automaton.hash(key) & mask
        while true {
            let stored = slots[slot]
            if stored.state == state && stored.cls == cls { return stored.target }
            if stored.state < 0 { return -1 }
            slot = (slot + 1) & mask
        }
    }


    /// Calls `body(start, end, pattern)` for every occurrence of every pattern in `text` (folded scalar
    /// values, see `foldedScalars`), ordered by end offset.
    ///
    /// The state numbers read from the tables are the automaton's own (built above), never taken from `text`.
    func forEachMatch(in text: [UInt32], _ body: (Int, Int, Int) -> Void) {
        var state: Int32 = 0
        let mask = self.mask
        text.withUnsafeBufferPointer { buffer in
        bmpClass.withUnsafeBufferPointer { classes in
        rootNext.withUnsafeBufferPointer { rootNext in
        innerClass.withUnsafeBufferPointer { innerClass in
        edgeFilter.withUnsafeBufferPointer { edgeFilter in
        failure.withUnsafeBufferPointer { failure in
        firstReport.withUnsafeBufferPointer { firstReport in
        slots.withUnsafeBufferPointer { slots in
            for position in 0..<buffer.count {
                let scalar = buffer[position]
                let cls: UInt32 = scalar < 0x10000 ? classes[Int(scalar)] : (astralClass[scalar] ?? 0)
                if cls == 0 {
                    state = 0
                    continue
                }
                if !innerClass[Int(cls)] { state = 0 }
                let bit: UInt64 = 1 << UInt64(cls & 63)
                while true {
                    if state == 0 {
                        state = max(0, rootNext[Int(cls)])
                        break
                    }
                    if edgeFilter[Int(state)] & bit != 0 {
                        let key = UInt64(state) << 32 | UInt64(cls)
                        var slot = Automaton.hash(key) & mask
                        var target: Int32 = -1
                        while true {
                            let stored = slots[slot]
                            if stored.state == state && stored.cls == cls { target = stored.target; break }
                            if stored.state < 0 { break }
                            slot = (slot + 1) & mask
                        }
                        if target >= 0 {
                            state = target
                            break
                        }
                    }
                    state = failure[Int(state)]
                }
                if state == 0 { continue }
                var report = firstReport[Int(state)]
                while report >= 0 {
                    let pattern = Int(output[Int(report)])
                    let end = position + 1
                    body(end - Int(patternLengths[pattern]), end, pattern)
                    report = outputLink[Int(report)]
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
    }
}
