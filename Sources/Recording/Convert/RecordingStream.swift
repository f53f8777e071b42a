/// An existing recording as an input of `convert` (to merge it with other inputs).
public final class RecordingStream: RecordStream {
    public let inputDescription: String
    public let notices = ConversionNotices()
    public let reader: RecordingReader

    public init(path: String) throws(ConversionError) {
        inputDescription = path
        do { reader = try RecordingReader(path: path) } catch { throw .recording(error) }
    }

    public func next() throws(ConversionError) -> Record? {
        do { return try reader.next() } catch { throw .recording(error) }
    }
}
