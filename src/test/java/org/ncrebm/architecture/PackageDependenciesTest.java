package org.ncrebm.architecture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape architecture.md asks for, read from the sources: {@code platform} is the floor and knows no bounded
 * context, {@code app} is the composition root and nothing depends on it, and the contexts depend on each other
 * without a cycle. Any mention counts, imports and fully qualified names alike (a Javadoc link is a dependency of
 * the reader's mind too).
 */
@DisplayName("Package dependencies: platform knows no context, app is the only composition root, no cycles")
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/ncrebm");
  private static final Pattern MENTION = Pattern.compile("org\\.ncrebm\\.([a-z]+)\\.");
  private static final Set<String> CONTEXTS = Set.of("passport", "catalog", "registration", "review", "seats",
    "payment", "ticket", "admin", "notify", "exports", "queue");

  /** Top package → the other top packages its sources mention, each with one file that does, for the message. */
  private static Map<String, Map<String, String>> graph() throws IOException {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = SOURCES.relativize(file);
        if (relative.getNameCount() < 2) continue;
        String from = relative.getName(0).toString();
        Map<String, String> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher m = MENTION.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(from)) edges.putIfAbsent(m.group(1), relative.toString());
        }
      }
    }
    return graph;
  }

  @Test
  @DisplayName("platform mentions no bounded context and not the composition root")
  void platformIsTheFloor() throws IOException {
    Map<String, String> edges = graph().get("platform");
    assertThat(edges).as("platform's dependencies inside org.ncrebm (package → a file that mentions it)").isEmpty();
  }

  @Test
  @DisplayName("only app wires the contexts: no package depends on app")
  void nothingDependsOnTheCompositionRoot() throws IOException {
    List<String> offenders = new ArrayList<>();
    graph().forEach((from, edges) -> {
      if (edges.containsKey("app")) offenders.add(from + " (" + edges.get("app") + ")");
    });
    assertThat(offenders).isEmpty();
    assertThat(graph().get("app").keySet()).as("app wires every context").containsAll(CONTEXTS);
  }

  @Test
  @DisplayName("the packages depend on each other without a cycle (admin and catalog included)")
  void noCycles() throws IOException {
    Map<String, Map<String, String>> graph = graph();
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      findCycle(graph, start, new ArrayList<>(List.of(start)), cycles);
    }
    assertThat(cycles).isEmpty();
    assertThat(graph.keySet()).as("every context has sources").containsAll(CONTEXTS);
  }

  /** Depth-first from the start; a path that comes back to it is a cycle, reported once with the files. */
  private static void findCycle(Map<String, Map<String, String>> graph, String start, List<String> path, List<String> cycles) {
    String last = path.get(path.size() - 1);
    for (Map.Entry<String, String> edge : graph.getOrDefault(last, Map.of()).entrySet()) {
      String next = edge.getKey();
      if (next.equals(start)) {
        if (start.equals(new TreeSet<>(path).first())) cycles.add(String.join(" → ", path) + " → " + start + " (" + edge.getValue() + ")");
      } else if (!path.contains(next)) {
        path.add(next);
        findCycle(graph, start, path, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
