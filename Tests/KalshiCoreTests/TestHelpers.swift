@testable import KalshiCore

func price(_ text: String) -> Price { try! Price(parsing: text) }
func count(_ text: String) -> Quantity { try! Quantity(parsingSigned: text) }
func level(_ priceText: String, _ size: String) -> BookLevel { BookLevel(price: price(priceText), size: count(size)) }
func delta(_ side: OutcomeSide, _ priceText: String, _ change: String) -> BookDelta {
    BookDelta(side: side, price: price(priceText), delta: count(change))
}
