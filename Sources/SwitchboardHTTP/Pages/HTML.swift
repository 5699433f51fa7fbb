import SwitchboardCore

/// Server-rendered pages. Every piece of data goes through `escape`, never into markup raw.
enum HTML {
    static func escape(_ s: String) -> String { MarkupText.escaped(s) }

    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · Switchboard</title><link rel="stylesheet" href="/css/app.css"></head>
        <body><main class="card">\(body)</main></body></html>
        """
    }

    /// The sign-in form; `message` is shown above it in an alert region screen readers announce.
    static func signIn(message: String?, username: String, next: String) -> String {
        let alert = message.map { "<p class=\"alert\" role=\"alert\" id=\"signin-error\">\(escape($0))</p>" } ?? ""
        return page(title: "Sign in", body: """
            <h1>Sign in to Switchboard</h1>
            \(alert)
            <form method="post" action="/signin">
              <input type="hidden" name="next" value="\(escape(next))">
              <label for="username">Username</label>
              <input id="username" name="username" autocomplete="username" required autofocus value="\(escape(username))">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">Sign in</button>
            </form>
            """)
    }

    static func home(name: String, username: String, role: String, csrf: String) -> String {
        let admin = role == "admin" ? "<li><a href=\"/admin/callcenters\">Call centers</a></li><li><a href=\"/admin/softphonelayouts\">Softphone layouts</a></li><li><a href=\"/admin/screenpop\">Test a number</a></li><li><a href=\"/admin/dispositions\">Dispositions</a></li><li><a href=\"/admin/siptrunks\">SIP trunks</a></li>" : ""
        return page(title: "Home", body: """
            <h1>Switchboard</h1>
            <p id="who">Signed in as <strong>\(escape(name))</strong> (\(escape(username))), role <strong id="role">\(escape(role))</strong>.</p>
            <ul>
              <li><a href="/console">Console</a> (records, search and the softphone)</li>
              \(role == "admin" || role == "supervisor" ? "<li><a href=\"/admin/reports\">Call reports</a></li><li><a href=\"/admin/agents\">Agents</a> (presence)</li>" : "")
              \(admin)
              <li><a href="/api/v1/objects">Objects and fields</a> (JSON)</li>
              <li><a href="/api/v1/openapi.json">REST API description</a> (OpenAPI 3.1)</li>
            </ul>
            <form method="post" action="/signout">
              <input type="hidden" name="csrf" value="\(escape(csrf))">
              <button type="submit">Sign out</button>
            </form>
            """)
    }
}
