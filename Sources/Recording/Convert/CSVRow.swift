/// One comma-separated row as byte slices (the inputs here never quote fields).
struct CSVRow {
    let fields: [ArraySlice<UInt8>]

    init(_ line: ArraySlice<UInt8>) {
        fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { field in
            var slice = field
            while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice = slice.dropFirst() }
            while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice = slice.dropLast() }
            return slice
        }
    }

    /// The field at `index`; empty when the row is shorter (trailing empty cells may be cut).
    subscript(index: Int?) -> ArraySlice<UInt8> {
        guard let index, index < fields.count else { return [] }
        return fields[index]
    }

    static func text(_ field: ArraySlice<UInt8>) -> String { String(decoding: field, as: UTF8.self) }
}
