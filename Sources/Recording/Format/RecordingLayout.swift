/// Byte layout constants of the container (README, "Recording format").
///
///     file   = magic "KTRECv1\n" · u32 header_length · u32 0 · header JSON · u64 checksum(header JSON)
///              · block*
///     block  = u32 "KTB1" · u32 payload_length · u32 record_count · u32 0 · u64 checksum(payload)
///              · payload (records)
///
/// A block is written with one `write`: a crash leaves whole blocks and at most one partial
/// block at the end, which the reader reports as truncated at that block's offset.
public enum RecordingLayout {
    public static let magic: [UInt8] = Array("KTRECv1\n".utf8)
    public static let fileHeaderFixedSize = 16
    public static let blockMagic: UInt32 = 0x3142_544B  // "KTB1" little-endian
    public static let blockHeaderSize = 24
    /// Target payload per block; records are never split across blocks.
    public static let blockPayloadTarget = 64 * 1024
    /// Largest payload a reader accepts (a bigger length is corruption, not a huge block).
    public static let maximumBlockPayload = 64 * 1024 * 1024
    public static let maximumHeaderLength = 1024 * 1024
}
