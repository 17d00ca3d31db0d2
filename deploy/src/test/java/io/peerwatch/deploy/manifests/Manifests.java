package io.peerwatch.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the manifests are: k8s/ of the checkout the tests run in (system property peerwatch.home). */
public final class Manifests {
    private Manifests() {}

    public static Path home() {
        return Path.of(System.getProperty("peerwatch.home", "..")).toAbsolutePath().normalize();
    }

    public static Path k8s() {
        return home().resolve("k8s");
    }

    /** Every directory under {@code root} with a kustomization.yaml, sorted. */
    public static List<Path> kustomizations(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kustomizations a user deploys from (overlays and the backfill template); base is built through them. */
    public static List<Path> deployable(Path root) {
        return kustomizations(root).stream().filter(p -> !p.endsWith("base")).toList();
    }
}
