package org.ncrebm.support;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service as a real operating-system process: a child JVM running {@code AppLauncher} (the jar's entry point) on
 * the test class path, configured only through {@code NCRE_*} environment variables, against the suite's PostgreSQL
 * database and Redis index, logging JSON through the shipped {@code logback.xml} into {@code target/proc/NAME.log}.
 * Signals are real: {@link #sigterm()} is {@code Process.destroy()}, which is SIGTERM on Linux. Every child is killed
 * by {@link #close()} and, should the test JVM itself die, by a shutdown hook.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
  }

  public final String name;
  public final int port;
  public final Path log;
  private final Process process;

  private ServiceProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts a child service and waits until its readiness probe answers 200. */
  public static ServiceProcess start(String name, Map<String, String> env) {
    return start(name, env, false);
  }

  /**
   * Starts a child service whose stdout is a pipe that nobody reads, as a stalled container log collector would
   * leave it: once the pipe's buffer is full, every write to stdout would wait.
   */
  public static ServiceProcess startWithStalledStdout(String name, Map<String, String> env) {
    return start(name, env, true);
  }

  private static ServiceProcess start(String name, Map<String, String> env, boolean stalledStdout) {
    TestServers servers = TestServers.get();
    int port = freePort();
    Path dir = Path.of("target", "proc").toAbsolutePath();
    Path log = dir.resolve(name + ".log");
    try {
      Files.createDirectories(dir.resolve(name));
      ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true);
      if (!stalledStdout) pb.redirectOutput(log.toFile());
      Map<String, String> e = pb.environment();
      e.keySet().removeIf(k -> k.startsWith("NCRE_"));
      e.put("NCRE_PROFILE", "test");
      e.put("NCRE_HTTP_HOST", "127.0.0.1");
      e.put("NCRE_HTTP_PORT", Integer.toString(port));
      e.put("NCRE_HTTP_INSTANCES", "2");
      e.put("NCRE_PG_URL", servers.pgUrl);
      e.put("NCRE_PG_POOL_SIZE", "8");
      e.put("NCRE_REDIS_URL", servers.redisUrl);
      e.put("NCRE_DATA_DIR", dir.resolve(name).toString());
      e.put("NCRE_ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD);
      e.put("NCRE_LOG_FORMAT", "json");
      e.put("NCRE_LIMITS_LOGIN_PER_IP_HOUR", "1000000");
      e.putAll(env);
      Process process = pb.start();
      LIVE.add(process);
      ServiceProcess child = new ServiceProcess(name, port, log, process);
      child.awaitReady(Duration.ofSeconds(120));
      return child;
    } catch (IOException ex) {
      throw new IllegalStateException("could not start service process " + name, ex);
    }
  }

  private static List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dfile.encoding=UTF-8");
    // The shipped configuration, not the suite's logback-test.xml that is also on the class path.
    cmd.add("-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("org.ncrebm.app.AppLauncher");
    return cmd;
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n" + logTail());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Polling.pause(200);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + logTail());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** SIGTERM, as Kubernetes sends it when a pod stops. */
  public void sigterm() {
    process.destroy();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits for the process to end; its exit code, or throws when it did not end in time. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout + ":\n" + logTail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The JSON log lines the process wrote so far. */
  public List<String> logLines() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String logTail() {
    List<String> lines = Files.exists(log) ? logLines() : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LIVE.remove(process);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
