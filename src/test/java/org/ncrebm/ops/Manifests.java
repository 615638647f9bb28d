package org.ncrebm.ops;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One kustomization under {@code k8s/}, rendered by {@code kubectl kustomize} (a child process, run on the test
 * thread) and parsed with SnakeYAML, with the look-ups the manifest tests need.
 */
final class Manifests {
  static final Path ROOT = Path.of("k8s");
  private static final String SERVICE = "ncre-bm";
  private final List<Map<String, Object>> docs;

  private Manifests(List<Map<String, Object>> docs) {
    this.docs = docs;
  }

  static boolean kubectlAvailable() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Manifests render(String dir) {
    try {
      Process p = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve(dir).toString()).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
      }
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Object doc : new Yaml(new LoaderOptions()).loadAll(out)) {
        if (doc instanceof Map<?, ?>) docs.add(map(doc));
      }
      return new Manifests(docs);
    } catch (IOException e) {
      throw new AssertionError("kubectl is required to render " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  List<Map<String, Object>> kind(String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  Map<String, Object> named(String kind, String name) {
    return kind(kind).stream().filter(d -> name.equals(name(d))).findFirst().orElse(null);
  }

  String name(Map<String, Object> doc) {
    return str(map(doc.get("metadata")).get("name"));
  }

  Map<String, Object> podSpec(Map<String, Object> workload) {
    return map(map(map(workload.get("spec")).get("template")).get("spec"));
  }

  /** The ncre-bm container of the Deployment. */
  Map<String, Object> serviceContainer() {
    return list(podSpec(named("Deployment", SERVICE)).get("containers")).stream()
      .filter(c -> SERVICE.equals(c.get("name"))).findFirst().orElseThrow();
  }

  /** A variable's value in the ConfigMaps the service container takes its environment from. */
  String configValue(String env, String otherwise) {
    for (Map<String, Object> from : list(serviceContainer().get("envFrom"))) {
      Map<String, Object> cm = named("ConfigMap", str(map(from.get("configMapRef")).get("name")));
      Object value = map(cm.get("data")).get(env);
      if (value != null) return value.toString();
    }
    return otherwise;
  }

  /** Pod-template labels of every workload that the selector's labels match. */
  List<Map<String, Object>> podsMatching(Map<String, Object> selector) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String kind : new String[]{"Deployment", "StatefulSet", "Job"}) {
      for (Map<String, Object> w : kind(kind)) {
        Map<String, Object> labels = map(map(map(map(w.get("spec")).get("template")).get("metadata")).get("labels"));
        if (matches(selector, labels)) out.add(labels);
      }
    }
    return out;
  }

  /** Whether the selector names the pods CloudNativePG creates for a Cluster of this render. */
  boolean cnpgPods(Map<String, Object> selector) {
    Object cluster = selector.get("cnpg.io/cluster");
    return selector.size() == 1 && cluster != null && named("Cluster", cluster.toString()) != null;
  }

  static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
    return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /** Every {name, key} that a secretKeyRef of a container in the render points at. */
  List<String[]> secretRefs() {
    List<String[]> refs = new ArrayList<>();
    for (String kind : new String[]{"Deployment", "StatefulSet", "Job"}) {
      for (Map<String, Object> w : kind(kind)) {
        for (Map<String, Object> c : list(podSpec(w).get("containers"))) {
          for (Map<String, Object> e : list(c.get("env"))) {
            Object ref = e.get("valueFrom") == null ? null : map(e.get("valueFrom")).get("secretKeyRef");
            if (ref != null) refs.add(new String[]{str(map(ref).get("name")), str(map(ref).get("key"))});
          }
        }
      }
    }
    return refs;
  }

  /** The Secret templates under k8s/secrets: name to the keys listed in their {@code ncre-bm/keys} annotation. */
  static Map<String, Set<String>> secretTemplates() {
    Map<String, Set<String>> out = new HashMap<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("secrets"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Map<String, Object> doc = map(new Yaml(new LoaderOptions()).load(Files.readString(f, StandardCharsets.UTF_8)));
        Map<String, Object> meta = map(doc.get("metadata"));
        String keys = str(map(meta.get("annotations")).get("ncre-bm/keys"));
        out.put(str(meta.get("name")), new HashSet<>(List.of(keys.trim().split("\\s+"))));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** A Secret without values: no data or stringData, or empty ones. */
  static boolean empty(Map<String, Object> secret) {
    return map(secret.get("data")).isEmpty() && map(secret.get("stringData")).isEmpty();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> values(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
