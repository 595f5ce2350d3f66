package io.github.usmartkit.internal.upload;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;

/**
 * An object store's XML error ({@code <Error><Code/><Message/>…</Error>}, as S3 answers), read with
 * the JDK's XML parser with external entities and DTDs off (the body comes from the network).
 *
 * @param code    e.g. {@code AccessDenied}, {@code SignatureDoesNotMatch}, or null
 * @param message the store's message, or null
 */
record S3Error(String code, String message) {

    private static final S3Error NONE = new S3Error(null, null);

    /** The error in {@code body}; both fields null when it is not such XML. */
    static S3Error parse(String body) {
        if (body == null || !body.stripLeading().startsWith("<")) {
            return NONE;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document d = b.parse(new InputSource(new StringReader(body)));
            Element root = d.getDocumentElement();
            return new S3Error(first(root, "Code"), first(root, "Message"));
        } catch (Exception e) {
            return NONE; // not XML after all: the caller shows an excerpt
        }
    }

    private static String first(Element root, String tag) {
        NodeList l = root.getElementsByTagName(tag);
        if (l.getLength() == 0) {
            return root.getTagName().equals(tag) ? blankToNull(root.getTextContent()) : null;
        }
        return blankToNull(l.item(0).getTextContent());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
