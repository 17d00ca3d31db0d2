package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A DOM parser that cannot be turned against us: no DOCTYPE at all (so no entity expansion bombs and no
 * external entities, XXE), no external DTD or schema access, no XInclude, JAXP secure processing limits on,
 * element depth at most {@value #MAX_DEPTH}.
 * Errors are reported as ParseException, never printed. One instance per parser (DocumentBuilder is not
 * thread-safe).
 */
public final class SafeXml {
    /** Error class of documents refused for what they try to do rather than for being malformed. */
    public static final String UNSAFE_XML = "UnsafeXml";

    /** Domain XML is about 6 levels deep; metadata from other tools adds a few. */
    static final int MAX_DEPTH = 64;

    private final DocumentBuilder builder;

    public SafeXml() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // DOM walks (getTextContent) recurse: deep nesting must fail at parse time, not as a StackOverflowError
            f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setValidating(false);
            builder = f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
        installHandlers();
    }

    /** Set again after every reset(), which restores the builder's initial (printing) handlers. */
    private void installHandlers() {
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make a document unusable; fatal errors and errors throw
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity refused: " + systemId);
        });
    }

    public Document parse(String xml, String what) throws ParseException {
        if (containsDoctype(xml)) {
            throw new ParseException(UNSAFE_XML, what + " has a DOCTYPE declaration; refused (entity expansion and XXE protection)");
        }
        try {
            builder.reset();
            installHandlers();
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new ParseException(ParseException.MALFORMED, "invalid XML in " + what + " at line " + e.getLineNumber()
                    + ": " + RecordText.bounded(e.getMessage(), 200), e);
        } catch (SAXException e) {
            throw new ParseException(ParseException.MALFORMED, "invalid XML in " + what + ": " + RecordText.bounded(e.getMessage(), 200), e);
        } catch (IOException e) {
            throw new ParseException(ParseException.MALFORMED, "unreadable XML in " + what, e);
        }
    }

    private static boolean containsDoctype(String xml) {
        int i = xml.indexOf("<!");
        while (i >= 0) {
            if (xml.regionMatches(true, i + 2, "DOCTYPE", 0, 7) || xml.regionMatches(true, i + 2, "ENTITY", 0, 6)) return true;
            i = xml.indexOf("<!", i + 2);
        }
        return false;
    }
}
