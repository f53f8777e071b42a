/// The last `capacity` values in arrival order, in fixed memory (a ring buffer).
public struct RecentWindow<Element: Sendable>: Sendable {
    public let capacity: Int
    @usableFromInline var storage: [Element] = []
    @usableFromInline var next = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "a window needs room for at least one value")
        self.capacity = capacity
        storage.reserveCapacity(capacity)
    }

    // Inlinable and without `%`: the engine reads and appends on every top-of-book change.
    @inlinable
    public mutating func append(_ element: Element) {
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[next] = element
        }
        next = next + 1 == capacity ? 0 : next + 1
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    /// Oldest first.
    public var elements: [Element] {
        storage.count < capacity ? storage : Array(storage[next...] + storage[..<next])
    }

    @inlinable
    public var last: Element? {
        guard !storage.isEmpty else { return nil }
        // `next` is the slot after the newest: 0 once it wrapped (then the newest is the last slot).
        return storage[next == 0 ? storage.count - 1 : next - 1]
    }
}
