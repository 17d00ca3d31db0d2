package io.peerwatch.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Kubernetes object and where it came from (for messages). */
public record Resource(ObjectNode body, String origin) {

    public String apiVersion() { return body.path("apiVersion").asText(); }

    public String kind() { return body.path("kind").asText(); }

    public String name() { return body.path("metadata").path("name").asText(); }

    public String namespace() { return body.path("metadata").path("namespace").asText(null); }

    /** API group: "" for core objects. */
    public String group() {
        String v = apiVersion();
        int slash = v.indexOf('/');
        return slash < 0 ? "" : v.substring(0, slash);
    }

    public String version() {
        String v = apiVersion();
        return v.substring(v.indexOf('/') + 1);
    }

    public JsonNode at(String pointer) { return body.at(pointer); }

    public Resource copy() { return new Resource(body.deepCopy(), origin); }

    @Override
    public String toString() { return kind() + "/" + name() + " (" + origin + ")"; }
}
