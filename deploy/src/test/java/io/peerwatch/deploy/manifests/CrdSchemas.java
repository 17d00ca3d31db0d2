package io.peerwatch.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a CRD's {@code openAPIV3Schema} into a JSON Schema (draft 4) that is as strict as we want manifests to be.
 * The API server silently prunes fields a structural schema does not declare; we reject them instead, so a typo in
 * a field name fails the build:
 * <ul>
 *   <li>every object without {@code x-kubernetes-preserve-unknown-fields: true} gets
 *       {@code additionalProperties: false} unless it declares additionalProperties itself;</li>
 *   <li>{@code nullable: true} adds "null" to the type, {@code x-kubernetes-int-or-string: true} becomes
 *       anyOf integer/string (the OpenAPI extensions draft 4 does not know);</li>
 *   <li>the root {@code metadata} (declared as a bare object in CRDs) is validated as a Kubernetes ObjectMeta, and
 *       the root {@code apiVersion}/{@code kind}, which the API server always accepts, are allowed where a CRD
 *       generator left them out;</li>
 *   <li>descriptions, defaults, formats and CEL rules ({@code x-kubernetes-validations}, which no JSON Schema
 *       validator evaluates) are dropped.</li>
 * </ul>
 */
public final class CrdSchemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> DROPPED = List.of("description", "default", "format", "example", "nullable",
            "x-kubernetes-validations", "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type",
            "x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key", "x-kubernetes-embedded-resource",
            "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string");

    private CrdSchemas() {}

    /** The strict JSON Schema of one served version of a CRD. */
    public static ObjectNode strict(JsonNode openApiV3Schema, JsonNode objectMetaSchema) {
        ObjectNode root = convert(openApiV3Schema);
        ObjectNode props = root.with("properties");
        props.set("metadata", objectMetaSchema.deepCopy());
        for (String implicit : List.of("apiVersion", "kind")) {
            if (!props.has(implicit)) props.putObject(implicit).put("type", "string");
        }
        return root;
    }

    static ObjectNode convert(JsonNode in) {
        ObjectNode out = ((ObjectNode) in).deepCopy();
        boolean preserve = in.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (in.path("x-kubernetes-int-or-string").asBoolean(false) && !in.has("anyOf") && !in.has("oneOf")) {
            ArrayNode any = out.putArray("anyOf");
            any.addObject().put("type", "integer");
            any.addObject().put("type", "string");
            out.remove("type");
        }
        if (in.path("nullable").asBoolean(false) && out.has("type")) {
            ArrayNode types = F.arrayNode();
            if (out.get("type").isArray()) out.get("type").forEach(types::add); else types.add(out.get("type"));
            types.add("null");
            out.set("type", types);
        }
        DROPPED.forEach(out::remove);

        if (out.has("properties")) {
            ObjectNode props = (ObjectNode) out.get("properties");
            Iterator<Map.Entry<String, JsonNode>> it = props.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(convert(e.getValue()));
            }
        }
        if (out.has("items") && out.get("items").isObject()) out.set("items", convert(out.get("items")));
        if (out.has("additionalProperties") && out.get("additionalProperties").isObject()) {
            out.set("additionalProperties", convert(out.get("additionalProperties")));
        }
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            if (out.has(combinator)) {
                ArrayNode converted = F.arrayNode();
                out.get(combinator).forEach(branch -> converted.add(convert(branch)));
                out.set(combinator, converted);
            }
        }
        if (out.has("not")) out.set("not", convert(out.get("not")));

        boolean isObject = out.has("properties") || "object".equals(out.path("type").asText());
        if (isObject && !preserve && !out.has("additionalProperties")) out.put("additionalProperties", false);
        return out;
    }
}
