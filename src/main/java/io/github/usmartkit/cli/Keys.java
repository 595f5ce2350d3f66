package io.github.usmartkit.cli;

/** How a key id is shown to people: recognisable, not whole (an id may be someone's e-mail address). */
final class Keys {

    private Keys() {
    }

    /**
     * {@code key-provider-1a2b3c4d} → {@code key-prov…3c4d}; {@code jane.doe@council.gov.uk} →
     * {@code ja…@council.gov.uk}; ids of 12 characters or fewer are shown as they are.
     */
    static String shorten(String id) {
        if (id == null) {
            return null;
        }
        int at = id.indexOf('@');
        if (at > 0) {
            return id.substring(0, Math.min(2, at)) + "…" + id.substring(at);
        }
        if (id.length() <= 12) {
            return id;
        }
        return id.substring(0, 8) + "…" + id.substring(id.length() - 4);
    }
}
