import Foundation

/// Typed access to a decoded JSON object, with errors that name the field (prefixed by `path`).
struct JSONFields {
    let object: [String: Any]
    let path: String

    init(_ object: [String: Any], path: String = "") {
        self.object = object
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    func string(_ key: String) throws(FrameDecodingError) -> String {
        guard let value = object[key], !(value is NSNull) else { throw .missingField(name(key)) }
        guard let string = value as? String else { throw .wrongType(field: name(key), expected: "a string") }
        return string
    }

    func optionalString(_ key: String) throws(FrameDecodingError) -> String? {
        has(key) ? try string(key) : nil
    }

    func integer(_ key: String) throws(FrameDecodingError) -> Int64 {
        guard let value = object[key], !(value is NSNull) else { throw .missingField(name(key)) }
        guard let number = value as? NSNumber, !JSONFields.isBoolean(number), let integer = value as? Int64 else {
            throw .wrongType(field: name(key), expected: "an integer")
        }
        return integer
    }

    func optionalInteger(_ key: String) throws(FrameDecodingError) -> Int64? {
        has(key) ? try integer(key) : nil
    }

    func object(_ key: String) throws(FrameDecodingError) -> JSONFields {
        guard let value = object[key], !(value is NSNull) else { throw .missingField(name(key)) }
        guard let nested = value as? [String: Any] else { throw .wrongType(field: name(key), expected: "an object") }
        return JSONFields(nested, path: name(key))
    }

    func array(_ key: String) throws(FrameDecodingError) -> [Any] {
        guard let value = object[key], !(value is NSNull) else { throw .missingField(name(key)) }
        guard let array = value as? [Any] else { throw .wrongType(field: name(key), expected: "an array") }
        return array
    }

    /// JSON booleans also arrive as `NSNumber` (objCType "c"); they are not integers.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Parses frame text into a top-level object.
    static func parseObject(_ text: String) throws(FrameDecodingError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            throw .notJSON(String(describing: error.localizedDescription))
        }
        guard let object = parsed as? [String: Any] else { throw .notAnObject }
        return object
    }
}
