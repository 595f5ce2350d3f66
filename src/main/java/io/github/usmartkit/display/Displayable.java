package io.github.usmartkit.display;

/**
 * Something the kit can show: as compact HTML in a notebook and as plain text in JShell.
 * The kit's result models implement it; the notebook kernels' display hooks look for it.
 * Neither form may ever contain a secret or the query string of a signed URL.
 */
public interface Displayable {

    /** A compact HTML fragment (no scripts, no external resources), row-capped where it lists. */
    String toHtml();

    /** The same content as plain text, for JShell and logs. */
    String toText();
}
