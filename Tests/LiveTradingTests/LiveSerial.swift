import Testing

/// The live suites run one after another: each starts fake exchanges, some spawn the binary, and
/// on two cores they would otherwise compete for time they measure in request timeouts.
@Suite(.serialized) enum LiveSerial {}
