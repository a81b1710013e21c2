"""axe-core (from the npm registry, installed by ``make``) run in a page."""

from .conftest import AXE

# WCAG 2.2 A and AA, and axe's best practices: landmarks, one h1, heading order.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page) -> list[str]:
    """axe's violations on the page as it is now, one line each."""
    assert AXE.exists(), "axe-core is missing: run `make node_modules/.installed`"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugger, not added as a <script>: the page's
        # Content-Security-Policy refuses inline scripts, as it should.
        page.evaluate(AXE.read_text())
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(result => result.violations.map(v =>
                `${v.id} (${v.impact}): ${v.help} at ` +
                v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))""",
        TAGS,
    )
    return [f"{page.url}: {line}" for line in found]
