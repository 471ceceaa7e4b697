//! Text inside XML and HTML: the service graph's SVG and the debrief's pages and charts.

/// Escapes text for an XML (or HTML) element or attribute value. Tabs and line breaks become
/// spaces, and other control characters are dropped: XML 1.0 cannot hold them, and a parser
/// refuses the whole document for one of them.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_is_escaped_and_control_characters_do_not_reach_the_document() {
        assert_eq!(
            esc("a<b & \"c\" 'd'>\u{1b}[1m\tx\ny"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;[1m x y"
        );
    }
}
