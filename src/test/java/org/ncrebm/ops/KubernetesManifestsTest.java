package org.ncrebm.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ncrebm.platform.ConfigLoader;
import org.ncrebm.platform.HealthRoutes;
import org.ncrebm.support.TestApp;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.ncrebm.ops.Manifests.list;
import static org.ncrebm.ops.Manifests.map;
import static org.ncrebm.ops.Manifests.str;

@DisplayName("Kubernetes manifests: the rendered kustomize overlays agree with the service they run")
class KubernetesManifestsTest {
  private static Set<String> serviceEnv;
  private static Set<String> probePaths;

  @BeforeAll
  static void whatTheServiceReads() throws IOException {
    boolean required = "true".equals(System.getenv("NCRE_REQUIRE_KUBECTL"));
    assumeTrue(Manifests.kubectlAvailable() || required, "kubectl is not installed (NCRE_REQUIRE_KUBECTL=true makes this a failure)");
    serviceEnv = new HashSet<>();
    ConfigLoader.defaults().fieldNames().forEach(k -> serviceEnv.add(ConfigLoader.envName(k)));
    serviceEnv.add("NCRE_CONFIG");
    // The probe paths are the ones HealthRoutes mounts, read from a router rather than repeated here.
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      new HealthRoutes(null).mount(router);
      probePaths = new HashSet<>(router.getRoutes().stream().map(Route::getPath).filter(Objects::nonNull).toList());
    } finally {
      TestApp.await(vertx.close());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  @DisplayName("every variable given to the service is one it reads, from a ConfigMap in the render or a Secret")
  void environment(String overlay) {
    Manifests m = Manifests.render(overlay);
    Map<String, Object> container = m.serviceContainer();
    Set<String> given = new HashSet<>();
    for (Map<String, Object> e : list(container.get("env"))) given.add(str(e.get("name")));
    for (Map<String, Object> from : list(container.get("envFrom"))) {
      String name = str(map(from.get("configMapRef")).get("name"));
      given.addAll(map(m.named("ConfigMap", name).get("data")).keySet());
    }
    assertThat(given).isNotEmpty().allMatch(serviceEnv::contains, "an NCRE_* variable the service reads");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  @DisplayName("probes use the health routes on the container port the service listens on (http.port)")
  void probes(String overlay) throws IOException {
    Manifests m = Manifests.render(overlay);
    Map<String, Object> container = m.serviceContainer();
    assertThat(probePaths).contains("/health/live", "/health/ready");
    assertThat(str(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))).isEqualTo("/health/live");
    assertThat(str(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))).isEqualTo("/health/ready");
    assertThat(probePaths).contains(str(map(map(container.get("startupProbe")).get("httpGet")).get("path")));
    Map<String, Object> port = list(container.get("ports")).get(0);
    String configured = m.configValue("NCRE_HTTP_PORT", ConfigLoader.defaults().getValue("http.port").toString());
    assertThat(port.get("containerPort").toString()).isEqualTo(configured);
    for (String probe : new String[]{"livenessProbe", "readinessProbe", "startupProbe"}) {
      assertThat(map(map(container.get(probe)).get("httpGet")).get("port")).isEqualTo(port.get("name"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"overlays/dev", "overlays/prod", "loadtest"})
  @DisplayName("selectors match labels: Service, PDB, HPA target, NetworkPolicy, ServiceMonitor, Ingress backend")
  void selectors(String dir) {
    Manifests m = Manifests.render(dir);
    for (Map<String, Object> svc : m.kind("Service")) {
      assertThat(m.podsMatching(map(map(svc.get("spec")).get("selector")))).as("pods of Service %s", m.name(svc)).isNotEmpty();
    }
    for (Map<String, Object> pdb : m.kind("PodDisruptionBudget")) {
      assertThat(m.podsMatching(map(map(map(pdb.get("spec")).get("selector")).get("matchLabels")))).isNotEmpty();
    }
    for (Map<String, Object> hpa : m.kind("HorizontalPodAutoscaler")) {
      Map<String, Object> target = map(map(hpa.get("spec")).get("scaleTargetRef"));
      assertThat(m.named(str(target.get("kind")), str(target.get("name")))).isNotNull();
    }
    for (Map<String, Object> np : m.kind("NetworkPolicy")) {
      Map<String, Object> labels = map(map(map(np.get("spec")).get("podSelector")).get("matchLabels"));
      assertThat(m.podsMatching(labels).isEmpty() && !m.cnpgPods(labels)).as("NetworkPolicy %s selects pods", m.name(np))
        .isFalse();
    }
    for (Map<String, Object> sm : m.kind("ServiceMonitor")) {
      Map<String, Object> labels = map(map(map(sm.get("spec")).get("selector")).get("matchLabels"));
      assertThat(m.kind("Service")).anyMatch(s -> Manifests.matches(labels, map(map(s.get("metadata")).get("labels"))));
    }
    for (Map<String, Object> ing : m.kind("Ingress")) {
      for (Map<String, Object> rule : list(map(ing.get("spec")).get("rules"))) {
        for (Map<String, Object> path : list(map(rule.get("http")).get("paths"))) {
          assertThat(m.named("Service", str(map(map(path.get("backend")).get("service")).get("name")))).isNotNull();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  @DisplayName("secrets are referenced, never embedded: every key comes from a template in k8s/secrets or the operator")
  void secretsReferenced(String overlay) {
    Manifests m = Manifests.render(overlay);
    assertThat(m.kind("Secret")).allMatch(Manifests::empty);
    Map<String, Set<String>> templates = Manifests.secretTemplates();
    Set<String> clusters = new HashSet<>(m.kind("Cluster").stream().map(m::name).toList());
    for (String[] ref : m.secretRefs()) {
      boolean fromTemplate = templates.getOrDefault(ref[0], Set.of()).contains(ref[1]);
      boolean fromOperator = ref[0].endsWith("-app") && clusters.contains(ref[0].replaceAll("-app$", ""))
        && ref[1].equals("uri");
      assertThat(fromTemplate || fromOperator).as("secret %s key %s", ref[0], ref[1]).isTrue();
    }
  }

  @Test
  @DisplayName("prod reads every secret setting from a Secret: security.*, admin, metrics, ticket.*, pay.*, mail, SMS, URLs")
  void everySecretInProd() throws IOException {
    Manifests m = Manifests.render("overlays/prod");
    Set<String> fromSecrets = new HashSet<>();
    for (Map<String, Object> e : list(m.serviceContainer().get("env"))) {
      if (e.get("valueFrom") != null && map(e.get("valueFrom")).get("secretKeyRef") != null) fromSecrets.add(str(e.get("name")));
    }
    List<String> secretKeys = new ArrayList<>();
    for (String k : ConfigLoader.defaults().fieldNames()) {
      if (k.startsWith("security.") && !k.equals("security.cookie-secure") || k.startsWith("pay.") || k.startsWith("ticket.")
        || Set.of("admin.password", "metrics.token", "mail.smtp-username", "mail.smtp-password", "sms.gateway-key",
        "pg.url", "redis.url").contains(k)) {
        secretKeys.add(ConfigLoader.envName(k));
      }
    }
    assertThat(secretKeys).hasSizeGreaterThan(20);
    assertThat(fromSecrets).containsAll(secretKeys);
    assertThat(m.configValue("NCRE_PROFILE", "")).isEqualTo("prod");
  }

  @Test
  @DisplayName("no file under k8s/ gives a Secret a value")
  void noSecretValuesInGit() throws IOException {
    try (Stream<Path> files = Files.walk(Manifests.ROOT)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
          if (doc instanceof Map<?, ?> d && "Secret".equals(d.get("kind"))) {
            assertThat(Manifests.empty(map(d))).as("Secret in %s", file).isTrue();
          }
        }
      }
    }
  }

  @Test
  @DisplayName("prod pods: non-root, read-only root with writable data and tmp, drain before the grace period ends;"
    + " PostgreSQL with a synchronous standby; Redis with three sentinels")
  void prodShape() {
    Manifests m = Manifests.render("overlays/prod");
    Map<String, Object> pod = m.podSpec(m.named("Deployment", "ncre-bm"));
    Map<String, Object> container = m.serviceContainer();
    assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).isEqualTo(true);
    assertThat(map(container.get("securityContext")).get("readOnlyRootFilesystem")).isEqualTo(true);
    List<String> mounts = list(container.get("volumeMounts")).stream().map(v -> str(v.get("mountPath"))).toList();
    assertThat(mounts).contains(m.configValue("NCRE_DATA_DIR", "?"), "/tmp");
    int preStop = (Integer) map(map(map(container.get("lifecycle")).get("preStop")).get("sleep")).get("seconds");
    int drain = Integer.parseInt(m.configValue("NCRE_HTTP_DRAIN_SECONDS", "5"));
    assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThan(preStop + drain + 30);
    Map<String, Object> pg = map(m.named("Cluster", "ncre-pg").get("spec"));
    assertThat((Integer) pg.get("instances")).isGreaterThanOrEqualTo(3);
    assertThat((Integer) map(map(pg.get("postgresql")).get("synchronous")).get("number")).isGreaterThanOrEqualTo(1);
    Map<String, Object> redis = m.named("StatefulSet", "ncre-redis");
    assertThat((Integer) map(redis.get("spec")).get("replicas")).isGreaterThanOrEqualTo(3);
    assertThat(list(m.podSpec(redis).get("containers"))).anyMatch(c -> "sentinel".equals(c.get("name")));
    assertThat(m.configValue("NCRE_REDIS_TYPE", "")).isEqualTo("sentinel");
  }

  @Test
  @DisplayName("the load-test Job runs the documented Gatling command against the Service inside the cluster")
  void loadTestJob() {
    Manifests m = Manifests.render("loadtest");
    Map<String, Object> c = list(m.podSpec(m.named("Job", "ncre-bm-loadtest")).get("containers")).get(0);
    String script = String.join(" ", Manifests.values(c.get("args")).stream().map(Object::toString).toList());
    assertThat(script).contains("/dev/loadtest/seed").contains("-f loadtest/pom.xml gatling:test")
      .contains("-Dgatling.simulationClass=org.ncrebm.loadtest.ExamDaySpike").contains("-Dlt.baseUrl=");
    assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("loadtest/src/test/java/org/ncrebm/loadtest/ExamDaySpike.java")))
      .as("the simulation the Job runs exists").isTrue();
    List<Map<String, Object>> env = list(c.get("env"));
    assertThat(env).anyMatch(e -> "LT_BASE_URL".equals(e.get("name")) && "http://ncre-bm".equals(e.get("value")));
    Manifests dev = Manifests.render("overlays/dev");
    assertThat(dev.named("Service", "ncre-bm")).as("the URL's Service").isNotNull();
    Map<String, Map<String, Object>> renderedDev = new java.util.HashMap<>();
    for (Map<String, Object> e : list(dev.serviceContainer().get("env"))) {
      renderedDev.put(str(e.get("name")), e);
    }
    assertThat(renderedDev).as("the dev service knows the token the Job sends").containsKey("NCRE_LOADTEST_SEED_TOKEN");
  }
}
