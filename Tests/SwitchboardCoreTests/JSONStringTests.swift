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
