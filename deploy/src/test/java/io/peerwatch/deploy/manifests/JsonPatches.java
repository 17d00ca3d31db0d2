package io.peerwatch.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The two patch kinds kustomize applies to custom resources: JSON merge patch (RFC 7386; what a "strategic merge"
 * patch amounts to for kinds without merge keys: maps merge, lists are replaced) and JSON patch (RFC 6902: add,
 * replace, remove). A replace or remove of a path that does not exist fails, as in kustomize.
 */
public final class JsonPatches {
    private JsonPatches() {}

    public static void merge(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            JsonNode current = target.get(e.getKey());
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, value);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }

    public static void apply(ObjectNode target, JsonNode operations, String where) {
        for (JsonNode op : operations) {
            String path = op.path("path").asText();
            String name = op.path("op").asText();
            int slash = path.lastIndexOf('/');
            if (slash < 0) throw new IllegalArgumentException(where + ": bad path '" + path + "'");
            JsonNode parent = target.at(path.substring(0, slash));
            String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            if (parent.isMissingNode()) throw new IllegalArgumentException(where + ": no such path " + path);
            switch (name) {
                case "add" -> {
                    if (parent instanceof ObjectNode o) o.set(last, op.get("value").deepCopy());
                    else if (parent instanceof ArrayNode a) {
                        if (last.equals("-")) a.add(op.get("value").deepCopy()); else a.insert(Integer.parseInt(last), op.get("value").deepCopy());
                    }
                }
                case "replace" -> {
                    if (target.at(path).isMissingNode()) throw new IllegalArgumentException(where + ": replace of missing " + path);
                    if (parent instanceof ObjectNode o) o.set(last, op.get("value").deepCopy());
                    else ((ArrayNode) parent).set(Integer.parseInt(last), op.get("value").deepCopy());
                }
                case "remove" -> {
                    if (target.at(path).isMissingNode()) throw new IllegalArgumentException(where + ": remove of missing " + path);
                    if (parent instanceof ObjectNode o) o.remove(last); else ((ArrayNode) parent).remove(Integer.parseInt(last));
                }
                default -> throw new IllegalArgumentException(where + ": unsupported patch op '" + name + "'");
            }
        }
    }
}
