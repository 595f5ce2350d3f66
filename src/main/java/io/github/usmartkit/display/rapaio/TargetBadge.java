package io.github.usmartkit.display.rapaio;

import io.github.usmartkit.Kit;
import io.github.usmartkit.internal.render.Html;

/**
 * The small line above each kit display in a notebook saying where the kit's session is connected:
 * {@code SANDBOX}, or the organisation and its URL. A notebook's outputs are saved and read later, by
 * others too; the badge says whether they came from the sandbox or from uSmart. Nothing while the kit
 * has no session (values made through a session of one's own, without {@link Kit}). The sandbox badge
 * leaves out the sandbox's port, so re-running a notebook does not change its saved outputs.
 */
final class TargetBadge {

    private static final String STYLE = "font-family:sans-serif;font-size:11px;color:#777;margin:0 0 2px 0";

    private TargetBadge() {
    }

    /** The badge as an HTML fragment, or "" when the kit is not connected. */
    static String html() {
        if (Kit.inSandbox()) {
            return "<div class=\"usmart-target\" style=\"" + STYLE + "\">usmart-kit · <b style=\"color:#b35900\">SANDBOX</b>"
                    + " (local; nothing reaches uSmart)</div>";
        }
        return Kit.connectedTo()
                .map(where -> "<div class=\"usmart-target\" style=\"" + STYLE + "\">usmart-kit · " + Html.escape(where) + "</div>")
                .orElse("");
    }
}
