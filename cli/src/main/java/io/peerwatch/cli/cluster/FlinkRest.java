package io.peerwatch.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The few calls of Flink's REST API the cluster tools need (upload, run, list, cancel, checkpoints). */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(int restPort) {
        this.base = "http://127.0.0.1:" + restPort;
    }

    public String webUi() {
        return base + "/";
    }

    /** One job as the overview lists it. */
    public record JobSummary(String id, String name, String state, long startTime) {}

    public JsonNode overview() {
        return get("/overview");
    }

    public boolean reachable() {
        try {
            overview();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public int registeredTaskManagers() {
        return overview().path("taskmanagers").asInt();
    }

    public List<JobSummary> jobs() {
        List<JobSummary> out = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            out.add(new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
                    j.path("start-time").asLong()));
        }
        return out;
    }

    public String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True when the job is RUNNING and every one of its tasks is RUNNING (not just scheduled or deploying). */
    public boolean fullyRunning(String jobId) {
        JsonNode job = get("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) return false;
        for (JsonNode v : job.path("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) return false;
        }
        return true;
    }

    /** Number of checkpoints of the job that completed (restored or not). */
    public long completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** How often the job restarted since submission (Flink's numRestarts metric). */
    public long restarts(String jobId) {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            if ("numRestarts".equals(m.path("id").asText())) return m.path("value").asLong();
        }
        return 0;
    }

    /** Uploads a jar; returns the id the run call needs. */
    public String uploadJar(Path jar) {
        String boundary = "peerwatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        JsonNode r = send(req);
        String file = r.path("filename").asText();
        if (file.isEmpty()) throw new IllegalStateException("jar upload returned no file name: " + r);
        return Path.of(file).getFileName().toString();
    }

    /** Runs the uploaded jar's {@code entryClass} with {@code args}; returns the job id. */
    public String runJar(String jarId, String entryClass, List<String> args, int parallelism) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.put("parallelism", parallelism);
        var list = body.putArray("programArgsList");
        args.forEach(list::add);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                .timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        JsonNode r = send(req);
        String id = r.path("jobid").asText();
        if (id.isEmpty()) throw new IllegalStateException("run of " + entryClass + " returned no job id: " + r);
        return id;
    }

    public void cancel(String jobId) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build();
        send(req);
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private JsonNode send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(req.method() + " " + req.uri().getPath() + " -> HTTP " + r.statusCode() + ": "
                        + JavaProcesses.tail(r.body(), 1500));
            }
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST " + req.uri() + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
