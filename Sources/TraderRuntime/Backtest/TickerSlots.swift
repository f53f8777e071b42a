/// Values keyed by ticker, found without hashing when the keys come round in a repeating
/// order: a backtest values the same markets in the same order on every spot tick, and the
/// same market again on each of its book changes. The slot last found and the one after it are
/// tried first, by string equality (a ticker sharing the slot's storage compares at once);
/// anything else goes through the index.
struct TickerSlots<Value> {
    private var keys: [String] = []
    private var values: [Value] = []
    private var index: [String: Int] = [:]
    private var last = 0

    var count: Int { keys.count }

    /// Changes the value of `key`, made by `make` first if there is none.
    mutating func update(_ key: String, default make: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        let slot = find(key) ?? insert(key, make())
        last = slot
        change(&values[slot])
    }

    /// Takes the value of `key` out, if there is one.
    mutating func removeValue(forKey key: String) -> Value? {
        guard let slot = index.removeValue(forKey: key) else { return nil }
        let value = values[slot]
        let lastSlot = keys.count - 1
        if slot != lastSlot {
            keys[slot] = keys[lastSlot]
            values[slot] = values[lastSlot]
            index[keys[slot]] = slot
        }
        keys.removeLast()
        values.removeLast()
        last = 0
        return value
    }

    private func find(_ key: String) -> Int? {
        if last < keys.count, keys[last] == key { return last }
        if last + 1 < keys.count, keys[last + 1] == key { return last + 1 }
        return index[key]
    }

    private mutating func insert(_ key: String, _ value: Value) -> Int {
        keys.append(key)
        values.append(value)
        index[key] = keys.count - 1
        return keys.count - 1
    }
}
