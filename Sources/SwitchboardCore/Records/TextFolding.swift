import Foundation

/// Folds text for search: lower case, without accents ("Zoë" → "zoe", "ÉMILE" → "emile").
public enum TextFolding {
    /// The folded form of a text.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// Whether folding may change the text beyond ASCII lower-casing: it has a non-ASCII character.
    /// Cheap, so writes only fold the few names that need it.
    public static func needsFolding(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x80 }
    }

    /// The fields whose values screen pop and the console's search match as names and emails.
    public static let searchedFields: Set<String> = ["Name", "FirstName", "LastName", "Email", "Company", "CaseNumber", "Subject", "Username"]
}
