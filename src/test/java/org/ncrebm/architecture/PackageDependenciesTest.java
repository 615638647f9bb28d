package org.ncrebm.architecture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.platform.AppConfig;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the reader's mind too). The compiled platform classes are checked too, by reflection: no signature of theirs (nested
 * types, record components, fields, methods) holds a context's type, and AppConfig holds no context's settings.
 */
@DisplayName("Package dependencies: platform knows no context, app is the only composition root, no cycles")
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/ncrebm");
  private static final Path PLATFORM_CLASSES = Path.of("target/classes/org/ncrebm/platform");
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

  @Test
  @DisplayName("no compiled platform type, nested ones included, has a context's type in its signatures")
  void platformSignaturesNameNoContext() throws Exception {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : platformClasses()) {
      for (Map.Entry<String, Type> use : signatureTypes(type).entrySet()) {
        for (Class<?> used : rawTypes(use.getValue(), new ArrayList<>())) {
          if (!platformOrOutside(used)) offenders.add(type.getName() + " " + use.getKey() + ": " + used.getName());
        }
      }
    }
    assertThat(platformClasses()).as("the compiled platform classes are found").hasSizeGreaterThan(20);
    assertThat(offenders).isEmpty();
  }

  /**
   * The contexts' settings live in the contexts (e.g. {@code ticket.TicketKeys}) and meet in {@code app.ServiceConfig};
   * a settings record nested in AppConfig would name no context package, so the check above would not see it come back.
   */
  @Test
  @DisplayName("AppConfig holds the platform's settings only: no nested settings type, every component a JDK or platform type")
  void appConfigHoldsPlatformSettingsOnly() {
    assertThat(Arrays.stream(AppConfig.class.getDeclaredClasses()).filter(c -> !Modifier.isPrivate(c.getModifiers()))
      .map(Class::getName)).as("AppConfig's nested types").isEmpty();
    List<String> foreign = new ArrayList<>();
    for (RecordComponent component : AppConfig.class.getRecordComponents()) {
      for (Class<?> used : rawTypes(component.getGenericType(), new ArrayList<>())) {
        boolean jdkOrPlatform = used.isPrimitive() || used.getName().startsWith("java.")
          || used.getName().startsWith("org.ncrebm.platform.");
        if (!jdkOrPlatform) foreign.add(component.getName() + ": " + used.getName());
      }
    }
    assertThat(foreign).isEmpty();
  }

  /** Every class compiled from platform's sources (top-level, nested, anonymous), loaded without initializing it. */
  private static List<Class<?>> platformClasses() throws IOException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    Path root = PLATFORM_CLASSES.getParent().getParent().getParent();
    try (Stream<Path> files = Files.walk(PLATFORM_CLASSES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
        classes.add(Class.forName(name.substring(0, name.length() - ".class".length()), false,
          PackageDependenciesTest.class.getClassLoader()));
      }
    }
    return classes;
  }

  /** The types a class shows in its signatures, each with where it appears (for the message). */
  private static Map<String, Type> signatureTypes(Class<?> type) {
    Map<String, Type> uses = new TreeMap<>();
    if (type.getGenericSuperclass() != null) uses.put("extends", type.getGenericSuperclass());
    for (Type t : type.getGenericInterfaces()) uses.put("implements " + t.getTypeName(), t);
    for (Class<?> nested : type.getDeclaredClasses()) uses.put("nested " + nested.getSimpleName(), nested);
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) uses.put("component " + c.getName(), c.getGenericType());
    }
    for (Field f : type.getDeclaredFields()) uses.put("field " + f.getName(), f.getGenericType());
    List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
    executables.addAll(List.of(type.getDeclaredMethods()));
    for (Executable e : executables) {
      if (e instanceof Method m) uses.put(e.getName() + " returns", m.getGenericReturnType());
      Type[] params = e.getGenericParameterTypes();
      for (int i = 0; i < params.length; i++) uses.put(e.getName() + " " + e.getParameterCount() + "-ary parameter " + i, params[i]);
      Type[] thrown = e.getGenericExceptionTypes();
      for (int i = 0; i < thrown.length; i++) uses.put(e.getName() + " throws " + i, thrown[i]);
    }
    return uses;
  }

  /** The classes a (generic) type is made of: the raw type, its arguments, bounds and array components. */
  private static List<Class<?>> rawTypes(Type type, List<Class<?>> into) {
    collect(type, into, new java.util.HashSet<>());
    return into;
  }

  /** {@code seen}: type variables already followed ({@code T extends Comparable<T>} would never end). */
  private static void collect(Type type, List<Class<?>> into, Set<Type> seen) {
    if (type instanceof Class<?> c) {
      into.add(c.isArray() ? c.getComponentType() : c);
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), into, seen);
      for (Type a : p.getActualTypeArguments()) collect(a, into, seen);
    } else if (type instanceof GenericArrayType a) {
      collect(a.getGenericComponentType(), into, seen);
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) collect(b, into, seen);
      for (Type b : w.getLowerBounds()) collect(b, into, seen);
    } else if (type instanceof TypeVariable<?> v && seen.add(v)) {
      for (Type b : v.getBounds()) collect(b, into, seen);
    }
  }

  /** A platform type or one from outside the service (JDK, Vert.x, ...): anything but another org.ncrebm package. */
  private static boolean platformOrOutside(Class<?> type) {
    String name = type.getName();
    return !name.startsWith("org.ncrebm.") || name.startsWith("org.ncrebm.platform.");
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
