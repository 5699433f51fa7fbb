import Foundation
import SwitchboardCore
import Testing

@Suite("JSON strings written by hand")
struct JSONStringTests {
    static func quoted(_ text: String, htmlSafe: Bool = false) -> String {
        var out = ""
        JSONString.append(text, to: &out, htmlSafe: htmlSafe)
        return out
    }

    @Test("what a JSON reader must get back exactly: quotes, backslashes, control characters, any script")
    func readsBack() throws {
        for text in ["", "plain", "say \"hi\" \\ back", "line\nbreak\ttab\r\u{01}\u{1F}", "Zoë — 東京 🙂", "</script> \u{2028}"] {
            for htmlSafe in [false, true] {
                let read = try JSONSerialization.jsonObject(with: Data(Self.quoted(text, htmlSafe: htmlSafe).utf8), options: .fragmentsAllowed) as? String
                #expect(read == text)
            }
        }
    }

    @Test("HTML-safe JSON has no < or > and no line separators, so it cannot end a script element")
    func htmlSafe() {
        #expect(Self.quoted("</script>\u{2028}", htmlSafe: true) == #""\u003c/script\u003e\u2028""#)
        #expect(Self.quoted("</script>") == #""</script>""#)
        #expect(Self.quoted("a\u{01}b") == #""a\u0001b""#)
    }
}

@Suite("Markup text written by hand")
struct MarkupTextTests {
    static let awkward = "Tom & Jerry's <b>\"best\"</b>\tlines\nand\r\nends — 東京"

    @Test("text written into an element and an attribute is read back exactly, tabs and line ends included")
    func readsBack() throws {
        let escaped = MarkupText.escaped(Self.awkward)
        let element = try XMLReader().read("<item label=\"\(escaped)\">\(escaped)</item>")
        #expect(element.text == Self.awkward)
        #expect(element.attributes.first?.value == Self.awkward)
    }

    @Test("nothing in escaped text can open a tag, end an attribute or start an entity")
    func noMarkupLeft() {
        let escaped = MarkupText.escaped(Self.awkward)
        #expect(!escaped.contains(where: { "<>\"'".contains($0) }))
        #expect(escaped.replacingOccurrences(of: "&amp;", with: "").replacingOccurrences(of: "&lt;", with: "").replacingOccurrences(of: "&gt;", with: "")
            .replacingOccurrences(of: "&quot;", with: "").replacingOccurrences(of: "&#39;", with: "").replacingOccurrences(of: "&#9;", with: "")
            .replacingOccurrences(of: "&#10;", with: "").replacingOccurrences(of: "&#13;", with: "").contains("&") == false)
    }
}
